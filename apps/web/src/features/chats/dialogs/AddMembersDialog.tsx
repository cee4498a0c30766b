import { type Chat, type PublicUser } from '@beseda/protocol';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { chatTitle } from '../chat-display';
import { describeChatError } from '../chat-errors';
import { useAddMembers, useChatMembers } from '../chats.api';
import { Modal } from './Modal';
import { PeoplePicker } from './PeoplePicker';

/** Picks people from the directory and adds them to a channel or group in one go. */
export function AddMembersDialog({ chat, onClose }: { chat: Chat; onClose: () => void }) {
  const { t } = useTranslation();
  const members = useChatMembers(chat.id);
  const add = useAddMembers(chat.id);
  const [picked, setPicked] = useState<ReadonlyMap<string, PublicUser>>(new Map());

  const unavailable = useMemo(
    () => new Map((members.data ?? []).map((member) => [member.userId, t('chats.addMembers.already')])),
    [members.data, t],
  );
  const selected = useMemo(() => new Set(picked.keys()), [picked]);

  const toggle = (person: PublicUser) =>
    setPicked((current) => {
      const next = new Map(current);
      if (next.has(person.id)) next.delete(person.id);
      else next.set(person.id, person);
      return next;
    });

  return (
    <Modal
      title={t('chats.addMembers.title', { name: chatTitle(t, chat) })}
      onClose={onClose}
      testId="add-members-dialog"
    >
      {add.isError && (
        <Alert tone="error" className="mb-4">
          {describeChatError(t, add.error)}
        </Alert>
      )}
      <PeoplePicker
        unavailable={unavailable}
        selected={selected}
        onPick={toggle}
        actionLabel={(person) => t('chats.addMembers.pick', { name: person.displayName })}
      />
      <div className="mt-4 flex flex-col-reverse gap-2 border-t border-slate-100 pt-4 sm:flex-row sm:items-center sm:justify-end">
        <p className="order-last text-sm text-slate-600 sm:order-none sm:mr-auto">
          {t('chats.addMembers.selected', { count: picked.size })}
        </p>
        <Button variant="secondary" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button
          disabled={picked.size === 0}
          pending={add.isPending}
          onClick={() => add.mutate([...picked.keys()], { onSuccess: onClose })}
        >
          {t('chats.addMembers.add')}
        </Button>
      </div>
    </Modal>
  );
}
