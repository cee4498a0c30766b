import { type Chat } from '@beseda/protocol';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { CloseIcon } from '../../components/ui/icons';
import { Spinner } from '../../components/ui/Spinner';
import { PersonAvatar, usePersonName } from './chat-display';
import { describeChatError } from './chat-errors';
import { LeaveIcon, PersonPlusIcon } from './chat-icons';
import { useChatMembers } from './chats.api';

type ChatMember = components['schemas']['ChatMember'];

interface MembersPanelProps {
  chat: Chat;
  myId: string | undefined;
  onClose: () => void;
  /** Present when I may add people / leave; the header offers the same on wide screens. */
  onAddMembers?: (() => void) | undefined;
  onLeave?: (() => void) | undefined;
}

/** Who is in the chat: a column beside the messages, or the whole screen on a phone. */
export function MembersPanel({ chat, myId, onClose, onAddMembers, onLeave }: MembersPanelProps) {
  const { t } = useTranslation();
  const members = useChatMembers(chat.id);

  return (
    <aside
      id="chat-members"
      data-testid="members-panel"
      aria-labelledby="chat-members-title"
      className="fixed inset-0 z-30 flex flex-col bg-white md:static md:z-auto md:w-72 md:shrink-0 md:border-l md:border-slate-200"
    >
      <div className="flex h-14 shrink-0 items-center justify-between border-b border-slate-200 px-4">
        <h2 id="chat-members-title" className="font-semibold text-slate-900">
          {t('chats.members.title')} <span className="font-normal text-slate-500">{chat.memberCount}</span>
        </h2>
        <button
          type="button"
          onClick={onClose}
          className="-mr-2 rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-500"
        >
          <CloseIcon />
          <span className="sr-only">{t('chats.members.close')}</span>
        </button>
      </div>
      <div className="flex-1 overflow-y-auto p-2">
        {onAddMembers && (
          <button
            type="button"
            onClick={onAddMembers}
            className="flex w-full items-center gap-3 rounded-md px-2 py-1.5 text-left text-sm font-medium text-brand-700 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-500"
          >
            <span className="flex size-8 items-center justify-center rounded-full bg-brand-50">
              <PersonPlusIcon className="size-4" />
            </span>
            {t('chats.header.addMembers')}
          </button>
        )}
        {members.isPending && (
          <p role="status" className="flex items-center gap-2 p-2 text-sm text-slate-500">
            <Spinner /> {t('common.loading')}
          </p>
        )}
        {members.isError && (
          <Alert tone="error" className="m-2">
            <p>{describeChatError(t, members.error)}</p>
            <Button variant="secondary" className="mt-3" onClick={() => void members.refetch()}>
              {t('common.retry')}
            </Button>
          </Alert>
        )}
        {members.data && (
          <ul data-testid="members-list">
            {members.data.map((member) => (
              <MemberRow key={member.userId} member={member} isMe={member.userId === myId} />
            ))}
          </ul>
        )}
      </div>
      {onLeave && (
        <div className="shrink-0 border-t border-slate-200 p-2">
          <button
            type="button"
            onClick={onLeave}
            className="flex w-full items-center gap-3 rounded-md px-2 py-2 text-left text-sm font-medium text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-red-600"
          >
            <LeaveIcon className="size-5" />
            {t('chats.header.leave')}
          </button>
        </div>
      )}
    </aside>
  );
}

function MemberRow({ member, isMe }: { member: ChatMember; isMe: boolean }) {
  const { t } = useTranslation();
  const name = usePersonName(member.userId);
  return (
    <li data-testid="member" className="flex items-center gap-3 rounded-md px-2 py-1.5">
      <PersonAvatar userId={member.userId} fallbackName={name} withPresence />
      <span className="min-w-0 flex-1 truncate text-sm text-slate-900">
        {name}
        {isMe && <span className="text-slate-500"> ({t('chats.people.you')})</span>}
      </span>
      {member.role !== 'member' && (
        <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
          {t(`chats.members.roles.${member.role}`)}
        </span>
      )}
    </li>
  );
}
