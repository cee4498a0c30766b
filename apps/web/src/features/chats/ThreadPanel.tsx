import { type Chat, type Message } from '@beseda/protocol';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { CloseIcon } from '../../components/ui/icons';
import { Spinner } from '../../components/ui/Spinner';
import { chatTitle } from './chat-display';
import { describeChatError } from './chat-errors';
import { Composer } from './Composer';
import { useEditMessage } from './messages.api';
import { type MessageActions, MessageRow } from './MessageRow';
import { isAtBottom } from './scroll-anchor';
import { useMessageFormats } from './message-formats';
import { BellIcon } from './thread-pin-icons';
import { useSetFollowing, useThread, useThreadReplySender } from './thread.api';
import { buildTimeline, lastEditableMessage } from './timeline';

interface ThreadPanelProps {
  chat: Chat;
  /** The message the thread was opened from: its root, or one of its replies. */
  messageId: string;
  myId: string | undefined;
  canModerate: boolean;
  /** Whether I may reply, react and pin here (a member of a chat that is not archived). */
  canWrite: boolean;
  /** The conversation's actions (delete, react, pin); editing and sending are the panel's own. */
  actions: MessageActions;
  onClose: () => void;
}

/**
 * A thread beside the messages (the whole screen on a phone): the root, its replies as the
 * timeline shows messages, and a composer that replies in the thread.
 */
export function ThreadPanel({
  chat,
  messageId,
  myId,
  canModerate,
  canWrite,
  actions,
  onClose,
}: ThreadPanelProps) {
  const { t } = useTranslation();
  const thread = useThread(messageId);
  const root = thread.data?.root;
  const sender = useThreadReplySender(chat.id, root?.id);
  const follow = useSetFollowing(root?.id);
  const edit = useEditMessage(chat.id, myId);
  const [editing, setEditing] = useState<Message | null>(null);

  const replies = thread.data?.replies;
  const timeline = useMemo(
    () => buildTimeline(replies ?? [], sender.pending, { myId }),
    [replies, sender.pending, myId],
  );

  const { reset: resetEdit } = edit;
  const { retry, discard } = sender;
  const panelActions: MessageActions = useMemo(
    () => ({
      ...actions,
      onEdit: (message) => {
        resetEdit();
        setEditing(message);
      },
      onRetry: retry,
      onDiscard: discard,
      onOpenThread: undefined,
      // A quote goes with the conversation's composer, not the thread's: not offered here.
      onQuote: undefined,
    }),
    [actions, resetEdit, retry, discard],
  );

  const formats = useMessageFormats();

  // Kept at the newest reply while I am there, and brought there when I send one.
  const scroller = useRef<HTMLDivElement>(null);
  const wasAtBottom = useRef(true);
  const sentCount = useRef(0);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const sentOne = sender.pending.length > sentCount.current;
    sentCount.current = sender.pending.length;
    if (sentOne || wasAtBottom.current) element.scrollTop = element.scrollHeight;
  }, [timeline, sender.pending.length]);

  const following = thread.data?.following ?? false;
  const replyCount = root?.thread?.replyCount ?? 0;

  return (
    <aside
      id="chat-thread"
      data-testid="thread-panel"
      aria-labelledby="chat-thread-title"
      className="fixed inset-0 z-30 flex flex-col bg-white md:static md:z-auto md:w-96 md:shrink-0 md:border-l md:border-slate-200"
    >
      <div className="flex h-14 shrink-0 items-center gap-2 border-b border-slate-200 px-4">
        <div className="min-w-0 flex-1">
          <h2 id="chat-thread-title" className="font-semibold text-slate-900">
            {t('chats.thread.title')}
          </h2>
          <p className="truncate text-xs text-slate-500">{chatTitle(t, chat)}</p>
        </div>
        {root && (
          <button
            type="button"
            data-testid="thread-follow"
            disabled={follow.isPending}
            onClick={() => follow.mutate(!following)}
            title={following ? t('chats.thread.followingHint') : t('chats.thread.notFollowingHint')}
            className={`flex items-center gap-1.5 rounded-md border px-2 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-brand-500 ${following ? 'border-brand-200 bg-brand-50 text-brand-800 hover:bg-brand-100' : 'border-slate-200 text-slate-700 hover:bg-slate-50'}`}
          >
            <BellIcon off={following} className="size-4" />
            {following ? t('chats.thread.unfollow') : t('chats.thread.follow')}
          </button>
        )}
        <button
          type="button"
          onClick={onClose}
          className="-mr-2 rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-500"
        >
          <CloseIcon />
          <span className="sr-only">{t('chats.thread.close')}</span>
        </button>
      </div>

      <div
        ref={scroller}
        data-testid="thread-replies"
        role="log"
        aria-label={t('chats.thread.title')}
        onScroll={(event) => {
          wasAtBottom.current = isAtBottom(event.currentTarget);
        }}
        className="flex-1 overflow-y-auto pb-3"
      >
        {thread.isPending && (
          <p role="status" className="flex items-center justify-center gap-2 py-10 text-sm text-slate-500">
            <Spinner /> {t('common.loading')}
          </p>
        )}
        {thread.isError && (
          <Alert tone="error" className="m-4">
            <p className="font-medium">{t('chats.thread.loadError')}</p>
            <p className="mt-1">{describeChatError(t, thread.error)}</p>
            <Button variant="secondary" className="mt-3" onClick={() => void thread.refetch()}>
              {t('common.retry')}
            </Button>
          </Alert>
        )}
        {root && (
          <>
            <div data-testid="thread-root" className="pt-2">
              <MessageRow
                entry={{ kind: 'message', key: root.id, message: root, startsGroup: true }}
                myId={myId}
                editing={root.id === editing?.id}
                canModerate={canModerate}
                canReact={canWrite}
                showPresence={chat.type === 'direct'}
                actions={panelActions}
                formatTime={formats.time}
                formatDateTime={formats.dateTime}
              />
            </div>
            <div className="flex items-center gap-3 px-4 pt-3 pb-1">
              <span data-testid="thread-reply-count" className="text-xs font-medium text-slate-500">
                {replyCount > 0
                  ? t('chats.thread.replies', { count: replyCount })
                  : t('chats.thread.noReplies')}
              </span>
              <span className="h-px flex-1 bg-slate-200" />
            </div>
            {thread.data?.complete === false && (
              <p className="px-4 py-1 text-xs text-slate-500">{t('chats.thread.partial')}</p>
            )}
          </>
        )}
        {root &&
          timeline.map((item) => {
            if (item.kind === 'unread') return null;
            if (item.kind === 'day') {
              return (
                <p key={item.key} className="px-4 pt-3 text-center text-xs font-medium text-slate-500">
                  {formats.day(item.date)}
                </p>
              );
            }
            return (
              <MessageRow
                key={item.key}
                entry={item}
                myId={myId}
                editing={item.kind === 'message' && item.message.id === editing?.id}
                canModerate={canModerate}
                canReact={canWrite}
                showPresence={chat.type === 'direct'}
                actions={panelActions}
                formatTime={formats.time}
                formatDateTime={formats.dateTime}
              />
            );
          })}
      </div>

      {edit.isError && (
        <Alert tone="error" className="mx-3 mb-2">
          {t('chats.composer.editFailed', { reason: describeChatError(t, edit.error) })}
        </Alert>
      )}
      {follow.isError && (
        <Alert tone="error" className="mx-3 mb-2">
          {t('chats.thread.followFailed', { reason: describeChatError(t, follow.error) })}
        </Alert>
      )}
      {root && canWrite && !root.deleted && (
        <Composer
          key={root.id}
          // Replies are sent by the panel, not through the offline queue: no "will be sent later" promise here.
          showOfflineNotice={false}
          placeholder={t('chats.thread.placeholder')}
          editing={editing}
          onSend={sender.send}
          onSaveEdit={(message, text) => {
            edit.mutate({ messageId: message.id, text });
            setEditing(null);
          }}
          onCancelEdit={() => setEditing(null)}
          onEditLast={() => {
            const last = lastEditableMessage(replies ?? [], myId);
            if (last) setEditing(last);
            return last !== undefined;
          }}
        />
      )}
      {root && !canWrite && (
        <p className="shrink-0 border-t border-slate-200 bg-slate-50 px-4 py-3 text-center text-sm text-slate-600">
          {chat.archived ? t('chats.composer.archived') : t('chats.thread.joinToReply')}
        </p>
      )}
    </aside>
  );
}
