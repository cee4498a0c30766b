import { type Chat } from '@beseda/protocol';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { Alert } from '../../components/ui/Alert';
import { RowActionMenu } from '../../components/ui/RowActionMenu';
import { PersonAvatar, usePersonName } from './chat-display';
import { describeChatError } from './chat-errors';
import { PanelLoadState, SidePanel } from './SidePanel';
import { LeaveIcon, PersonPlusIcon } from './chat-icons';
import { useChangeMemberRole, useChatMembers, useRemoveMember } from './chats.api';
import { ConfirmDialog } from './dialogs/ConfirmDialog';

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
  const changeRole = useChangeMemberRole(chat.id);
  const removeMember = useRemoveMember(chat.id);
  const [confirming, setConfirming] = useState<{ kind: 'remove' | 'owner'; member: ChatMember } | null>(null);
  const myRole = chat.membership?.role;
  const manages = !chat.archived && (myRole === 'owner' || myRole === 'admin');
  const actionsFor = (member: ChatMember): MemberAction[] => {
    if (!manages || member.userId === myId || member.role === 'owner') return [];
    return [
      member.role === 'member' ? 'makeAdmin' : 'removeAdmin',
      ...(myRole === 'owner' ? (['makeOwner'] as const) : []),
      'remove',
    ];
  };
  const act = (member: ChatMember, action: MemberAction) => {
    changeRole.reset();
    removeMember.reset();
    if (action === 'remove') setConfirming({ kind: 'remove', member });
    else if (action === 'makeOwner') setConfirming({ kind: 'owner', member });
    else changeRole.mutate({ userId: member.userId, role: action === 'makeAdmin' ? 'admin' : 'member' });
  };
  const failure = changeRole.error ?? removeMember.error;

  return (
    <SidePanel
      id="chat-members"
      testId="members-panel"
      title={
        <>
          {t('chats.members.title')} <span className="font-normal text-slate-500">{chat.memberCount}</span>
        </>
      }
      closeLabel={t('chats.members.close')}
      onClose={onClose}
      widthClass="md:w-72"
      footer={
        onLeave && (
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
        )
      }
    >
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
      <PanelLoadState query={members} />
      {failure && !confirming && (
        <Alert tone="error" className="m-2">
          {t('chats.members.failed', { reason: describeChatError(t, failure) })}
        </Alert>
      )}
      {members.data && (
        <ul data-testid="members-list">
          {members.data.map((member) => (
            <MemberRow
              key={member.userId}
              member={member}
              isMe={member.userId === myId}
              actions={actionsFor(member)}
              onAction={(action) => act(member, action)}
            />
          ))}
        </ul>
      )}
      {confirming && (
        <MemberConfirmDialog
          kind={confirming.kind}
          member={confirming.member}
          pending={changeRole.isPending || removeMember.isPending}
          error={failure ? describeChatError(t, failure) : null}
          onClose={() => setConfirming(null)}
          onConfirm={() => {
            const done = { onSuccess: () => setConfirming(null) };
            if (confirming.kind === 'remove') removeMember.mutate(confirming.member.userId, done);
            else changeRole.mutate({ userId: confirming.member.userId, role: 'owner' }, done);
          }}
        />
      )}
    </SidePanel>
  );
}

type MemberAction = 'makeAdmin' | 'removeAdmin' | 'makeOwner' | 'remove';

function MemberConfirmDialog({
  kind,
  member,
  ...props
}: {
  kind: 'remove' | 'owner';
  member: ChatMember;
  pending: boolean;
  error: string | null;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const name = usePersonName(member.userId);
  return kind === 'remove' ? (
    <ConfirmDialog
      testId="remove-member-dialog"
      title={t('chats.members.removeDialog.title', { name })}
      text={t('chats.members.removeDialog.text')}
      confirmLabel={t('chats.members.removeDialog.confirm')}
      {...props}
    />
  ) : (
    <ConfirmDialog
      testId="make-owner-dialog"
      title={t('chats.members.ownerDialog.title', { name })}
      text={t('chats.members.ownerDialog.text')}
      confirmLabel={t('chats.members.ownerDialog.confirm')}
      {...props}
    />
  );
}

function MemberRow({
  member,
  isMe,
  actions,
  onAction,
}: {
  member: ChatMember;
  isMe: boolean;
  /** What I may do to this member; none means no menu. */
  actions: MemberAction[];
  onAction: (action: MemberAction) => void;
}) {
  const { t } = useTranslation();
  const name = usePersonName(member.userId);
  return (
    <li data-testid="member" className="relative flex items-center gap-3 rounded-md px-2 py-1.5">
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
      <RowActionMenu
        label={t('chats.members.menu', { name })}
        actions={actions}
        labelOf={(action) => t(`chats.members.actions.${action}`)}
        isDangerous={(action) => action === 'remove'}
        onAction={onAction}
      />
    </li>
  );
}
