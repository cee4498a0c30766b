import { type PublicUser } from '@beseda/protocol';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/ui/Alert';
import { useMe } from '../../account/me.api';
import { describeChatError } from '../chat-errors';
import { useCreateChat } from '../chats.api';
import { Modal } from './Modal';
import { PeoplePicker } from './PeoplePicker';

/** Finds a person and opens the direct chat with them (the existing one, if there is one). */
export function NewDirectDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const myId = useMe().data?.id;
  const open = useCreateChat();
  // My own direct chat with myself is "Saved messages", listed on its own.
  const unavailable = useMemo(() => new Map(myId ? [[myId, t('chats.people.you')]] : []), [myId, t]);

  const pick = (person: PublicUser) =>
    open.mutate(
      { type: 'direct', memberIds: [person.id] },
      {
        onSuccess: (chat) => {
          onClose();
          void navigate(`/chats/${chat.id}`);
        },
      },
    );

  return (
    <Modal title={t('chats.newDirect.title')} onClose={onClose} testId="new-direct-dialog">
      {open.isError && (
        <Alert tone="error" className="mb-4">
          {describeChatError(t, open.error)}
        </Alert>
      )}
      <PeoplePicker
        unavailable={unavailable}
        onPick={pick}
        actionLabel={(person) => t('chats.newDirect.open', { name: person.displayName })}
        pendingId={open.isPending ? (open.variables.memberIds?.[0] ?? null) : null}
      />
    </Modal>
  );
}
