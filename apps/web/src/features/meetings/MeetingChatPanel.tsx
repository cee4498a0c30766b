import { type Chat, type Message } from '@beseda/protocol';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CloseIcon } from '../../components/ui/icons';
import { Spinner } from '../../components/ui/Spinner';
import { useMe } from '../account/me.api';
import { useChatLiveUpdates } from '../chats/chat-live-updates';
import { describeChatError } from '../chats/chat-errors';
import { useChat } from '../chats/chats.api';
import { Composer } from '../chats/Composer';
import { MessageList } from '../chats/MessageList';
import { type MessageActions } from '../chats/MessageRow';
import {
  useDeleteMessage,
  useEditMessage,
  useLoadedMessages,
  useMessageSender,
  useOutboxDelivery,
  useToggleReaction,
} from '../chats/messages.api';
import { Outbox, OutboxContext } from '../chats/outbox';
import { hasReacted } from '../chats/reactions';
import { lastEditableMessage } from '../chats/timeline';

/**
 * Keeps the meeting's chat live for the whole call, open panel or not: its own outbox, and the
 * chats feature's realtime updates (the meeting chat is an ordinary chat of kind `meeting`).
 */
export function MeetingChatProvider({ chatId, children }: { chatId: string; children: ReactNode }) {
  const [outbox] = useState(() => new Outbox());
  useOutboxDelivery(outbox);
  return (
    <OutboxContext value={outbox}>
      <ChatLiveUpdates chatId={chatId} />
      {children}
    </OutboxContext>
  );
}

function ChatLiveUpdates({ chatId }: { chatId: string }) {
  useChatLiveUpdates(chatId, () => undefined);
  return null;
}

/**
 * Unread messages in the meeting's chat, as the chat list counts them (kept current by the live
 * updates above); reading them in the panel moves the read marker as in any chat.
 */
export function useMeetingChatUnread(chatId: string): number {
  const lookup = useChat(chatId);
  return lookup.status === 'ready' && lookup.chat.membership ? lookup.chat.unreadCount : 0;
}

/** The meeting's chat beside the video, or over it on a phone: its messages and a composer. */
export function MeetingChatPanel({ chatId, onClose }: { chatId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const lookup = useChat(chatId);
  return (
    <aside
      id="meeting-chat"
      data-testid="meeting-chat"
      aria-labelledby="meeting-chat-title"
      className="fixed inset-0 z-30 flex flex-col bg-white text-slate-900 md:static md:z-auto md:w-96 md:shrink-0"
    >
      <div className="flex h-14 shrink-0 items-center justify-between border-b border-slate-200 px-4">
        <h2 id="meeting-chat-title" className="font-semibold">
          {t('meetings.chat.title')}
        </h2>
        <button
          type="button"
          onClick={onClose}
          className="-mr-2 rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-500"
        >
          <CloseIcon />
          <span className="sr-only">{t('common.close')}</span>
        </button>
      </div>
      {lookup.status === 'ready' ? (
        <MeetingChat chat={lookup.chat} />
      ) : lookup.status === 'pending' ? (
        <p role="status" className="m-auto flex items-center gap-2 text-sm text-slate-500">
          <Spinner /> {t('common.loading')}
        </p>
      ) : (
        <p role="alert" className="m-auto px-4 text-center text-sm text-red-700">
          {describeChatError(t, lookup.error)}
        </p>
      )}
    </aside>
  );
}

function MeetingChat({ chat }: { chat: Chat }) {
  const { t } = useTranslation();
  const myId = useMe().data?.id;
  const sender = useMessageSender(chat.id, myId);
  const edit = useEditMessage(chat.id, myId);
  const remove = useDeleteMessage(chat.id, myId);
  const react = useToggleReaction(chat.id, myId);
  const loadedMessages = useLoadedMessages(chat.id);
  const [editing, setEditing] = useState<Message | null>(null);
  const { retry, discard, send } = sender;
  const { mutate: toggleReaction } = react;
  const { mutate: deleteMessage } = remove;

  // The call's chat keeps to the essentials: no threads, pins, quotes or forwarding here.
  const actions: MessageActions = useMemo(
    () => ({
      onEdit: setEditing,
      onDelete: (message) => deleteMessage(message),
      onRetry: retry,
      onDiscard: discard,
      onToggleReaction: (message, emoji) =>
        toggleReaction({ messageId: message.id, emoji, add: !hasReacted(message, emoji, myId) }),
    }),
    [deleteMessage, retry, discard, toggleReaction, myId],
  );

  const canWrite = chat.membership !== null && !chat.archived;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <MessageList
        chat={chat}
        myId={myId}
        editingId={editing?.id ?? null}
        canModerate={false}
        canReact={canWrite}
        actions={actions}
      />
      {canWrite && (
        <Composer
          chatId={chat.id}
          placeholder={t('meetings.chat.placeholder')}
          editing={editing}
          onSend={(text) => send(text)}
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
      )}
    </div>
  );
}
