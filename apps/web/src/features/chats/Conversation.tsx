import { type Chat, ErrorCode, type Message } from '@beseda/protocol';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/api-error';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Spinner } from '../../components/ui/Spinner';
import { useMe } from '../account/me.api';
import { chatTitle } from './chat-display';
import { describeChatError } from './chat-errors';
import { ChatHeader, isRoom } from './ChatHeader';
import { useChat, useJoinChat, useLeaveChat } from './chats.api';
import { Composer } from './Composer';
import { AddMembersDialog } from './dialogs/AddMembersDialog';
import { ConfirmDialog } from './dialogs/ConfirmDialog';
import { MembersPanel } from './MembersPanel';
import { type MessageActions } from './MessageRow';
import { MessageList } from './MessageList';
import {
  useDeleteMessage,
  useEditMessage,
  useLoadedMessages,
  useMessageSender,
  useToggleReaction,
} from './messages.api';
import { hasReacted } from './reactions';
import { useTypingNotifier } from './typing';
import { TypingIndicator } from './TypingIndicator';
import { lastEditableMessage } from './timeline';

/** The route element of `/chats/:chatId`; a new chat starts with fresh state. */
export function ConversationRoute() {
  const { chatId = '' } = useParams();
  return <ConversationLoader key={chatId} chatId={chatId} />;
}

function ConversationLoader({ chatId }: { chatId: string }) {
  const { t } = useTranslation();
  const lookup = useChat(chatId);
  if (lookup.status === 'ready') return <Conversation chat={lookup.chat} />;
  if (lookup.status === 'pending') {
    return (
      <p role="status" className="m-auto flex items-center gap-2 text-sm text-slate-500">
        <Spinner /> {t('common.loading')}
      </p>
    );
  }
  const notFound = isApiError(lookup.error) && lookup.error.code === ErrorCode.chatNotFound;
  return (
    <div className="m-auto max-w-sm px-4 text-center">
      <h2 className="text-lg font-semibold text-slate-900">
        {notFound ? t('chats.notFound.title') : t('chats.messages.loadError')}
      </h2>
      <p className="mt-2 text-sm text-slate-600">{describeChatError(t, lookup.error)}</p>
      <div className="mt-4 flex justify-center gap-2">
        {!notFound && (
          <Button variant="secondary" onClick={lookup.retry}>
            {t('common.retry')}
          </Button>
        )}
        <Link
          to="/chats"
          className="inline-flex items-center text-sm font-medium text-brand-700 hover:underline"
        >
          {t('chats.notFound.back')}
        </Link>
      </div>
    </div>
  );
}

type Dialog = { kind: 'delete'; message: Message } | { kind: 'leave' } | { kind: 'addMembers' } | null;

function Conversation({ chat }: { chat: Chat }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const title = chatTitle(t, chat);
  usePageTitle(title);
  const myId = useMe().data?.id;
  const loadedMessages = useLoadedMessages(chat.id);
  const sender = useMessageSender(chat.id, myId);
  const edit = useEditMessage(chat.id, myId);
  const remove = useDeleteMessage(chat.id, myId);
  const react = useToggleReaction(chat.id, myId);
  const typing = useTypingNotifier(chat.id);
  const join = useJoinChat();
  const leave = useLeaveChat();
  const [editing, setEditing] = useState<Message | null>(null);
  const [membersOpen, setMembersOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);

  const canWrite = chat.membership !== null && !chat.archived;
  const canModerate = chat.membership?.role === 'owner' || chat.membership?.role === 'admin';

  const { reset: resetEdit } = edit;
  const { reset: resetRemove } = remove;
  const { retry, discard } = sender;
  const { mutate: toggleReaction } = react;
  // Stable, so message rows re-render only when their own message changes.
  const actions: MessageActions = useMemo(
    () => ({
      onEdit: (message) => {
        resetEdit();
        setEditing(message);
      },
      onDelete: (message) => {
        resetRemove();
        setDialog({ kind: 'delete', message });
      },
      onRetry: retry,
      onDiscard: discard,
      onToggleReaction: (message, emoji) =>
        toggleReaction({ messageId: message.id, emoji, add: !hasReacted(message, emoji, myId) }),
    }),
    [resetEdit, resetRemove, retry, discard, toggleReaction, myId],
  );

  const closeDialog = () => setDialog(null);
  const openAddMembers = () => setDialog({ kind: 'addMembers' });
  const openLeave = () => {
    leave.reset();
    setDialog({ kind: 'leave' });
  };
  // Channels are spoken of with their sign: "Message #general".
  const composerName = chat.type === 'channel' || chat.type === 'private' ? `#${title}` : title;

  return (
    <section aria-label={title} className="flex h-full min-w-0 flex-1">
      <div className="flex min-w-0 flex-1 flex-col">
        <ChatHeader
          chat={chat}
          membersOpen={membersOpen}
          onToggleMembers={() => setMembersOpen((open) => !open)}
          onAddMembers={openAddMembers}
          onLeave={openLeave}
        />
        <MessageList
          chat={chat}
          myId={myId}
          editingId={editing?.id ?? null}
          canModerate={canModerate}
          canReact={canWrite}
          actions={actions}
        />
        <TypingIndicator chatId={chat.id} myId={myId} />
        {edit.isError && (
          <Alert tone="error" className="mx-3 mb-2 sm:mx-4">
            {t('chats.composer.editFailed', { reason: describeChatError(t, edit.error) })}
          </Alert>
        )}
        {react.isError && (
          <Alert tone="error" className="mx-3 mb-2 sm:mx-4">
            {t('chats.reactions.failed', { reason: describeChatError(t, react.error) })}
          </Alert>
        )}
        {canWrite ? (
          <Composer
            placeholder={t('chats.composer.placeholder', { name: composerName })}
            editing={editing}
            onSend={(text) => {
              sender.send(text);
              typing.reset();
            }}
            onTyping={typing.notify}
            onSaveEdit={(message, text) => {
              edit.mutate({ messageId: message.id, text });
              setEditing(null);
            }}
            onCancelEdit={() => setEditing(null)}
            onEditLast={() => {
              const last = lastEditableMessage(loadedMessages(), myId);
              if (last) setEditing(last);
              return last !== undefined;
            }}
          />
        ) : (
          <div className="shrink-0 border-t border-slate-200 bg-slate-50 px-4 py-3 text-center text-sm text-slate-600">
            {chat.archived ? (
              t('chats.composer.archived')
            ) : (
              <div className="flex flex-col items-center gap-2 sm:flex-row sm:justify-center sm:gap-4">
                <span>{t('chats.composer.notMember')}</span>
                <Button pending={join.isPending} onClick={() => join.mutate(chat.id)}>
                  {t('chats.composer.join')}
                </Button>
              </div>
            )}
            {join.isError && <p className="mt-2 text-red-700">{describeChatError(t, join.error)}</p>}
          </div>
        )}
      </div>
      {membersOpen && (
        <MembersPanel
          chat={chat}
          myId={myId}
          onClose={() => setMembersOpen(false)}
          onAddMembers={chat.membership && isRoom(chat) && !chat.archived ? openAddMembers : undefined}
          onLeave={chat.membership && isRoom(chat) ? openLeave : undefined}
        />
      )}

      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          testId="delete-message-dialog"
          title={t('chats.deleteDialog.title')}
          text={t('chats.deleteDialog.text')}
          confirmLabel={t('chats.deleteDialog.confirm')}
          pending={remove.isPending}
          error={remove.isError ? describeChatError(t, remove.error) : null}
          onClose={closeDialog}
          onConfirm={() =>
            remove.mutate(dialog.message, {
              onSuccess: () => {
                if (editing?.id === dialog.message.id) setEditing(null);
                closeDialog();
              },
            })
          }
        />
      )}
      {dialog?.kind === 'leave' && myId && (
        <ConfirmDialog
          testId="leave-chat-dialog"
          title={t('chats.leaveDialog.title', { name: title })}
          text={
            chat.type === 'channel' ? t('chats.leaveDialog.textPublic') : t('chats.leaveDialog.textPrivate')
          }
          confirmLabel={t('chats.leaveDialog.confirm')}
          pending={leave.isPending}
          error={leave.isError ? describeChatError(t, leave.error) : null}
          onClose={closeDialog}
          onConfirm={() =>
            leave.mutate(
              { chatId: chat.id, userId: myId },
              { onSuccess: () => void navigate('/chats', { replace: true }) },
            )
          }
        />
      )}
      {dialog?.kind === 'addMembers' && <AddMembersDialog chat={chat} onClose={closeDialog} />}
    </section>
  );
}
