import { type Chat } from '@beseda/protocol';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Spinner } from '../../components/ui/Spinner';
import { chatTitle } from './chat-display';
import { describeChatError } from './chat-errors';
import { ArrowDownIcon } from './chat-icons';
import { allMessages, newestSeq } from './message-pages';
import { useMessageFormats } from './message-formats';
import { useMessageHistory } from './messages.api';
import { type MessageActions, MessageRow } from './MessageRow';
import { useOutgoingMessages } from './outbox';
import { buildTimeline } from './timeline';
import { useMessageListScroll } from './useMessageListScroll';
import { UnreadBanner, useUnreadAbove } from './UnreadBanner';
import { useReadMarker } from './useReadMarker';

interface MessageListProps {
  chat: Chat;
  myId: string | undefined;
  editingId: string | null;
  canModerate: boolean;
  canReact: boolean;
  actions: MessageActions;
  /** A message to bring into view and mark (a pin clicked); it must be in the loaded history. */
  jumpTo?: JumpTarget | null;
  /** Loads the history around a message and brings it into view (for the jump to the first unread). */
  onShowMessage?: (messageId: string) => void;
}

/** A new object for every jump, so that jumping to the same message again scrolls again. */
export interface JumpTarget {
  messageId: string;
}

export function MessageList({
  chat,
  myId,
  editingId,
  canModerate,
  canReact,
  actions,
  jumpTo = null,
  onShowMessage,
}: MessageListProps) {
  const { t } = useTranslation();
  const history = useMessageHistory(chat.id);
  const outgoing = useOutgoingMessages(chat.id);
  const messages = useMemo(() => allMessages(history.data), [history.data]);
  // The read marker as it was on opening: the "new messages" divider stays where reading began.
  const [readUpTo] = useState(() => (chat.unreadCount > 0 ? chat.membership?.lastReadSeq : undefined));
  const [unreadOnOpening] = useState(chat.unreadCount);
  const [bannerDismissed, setBannerDismissed] = useState(false);
  // The divider goes where reading begins, which is known only once the message before it is loaded.
  const oldestSeq = messages[0]?.seq;
  const dividerAfter =
    readUpTo !== undefined && history.hasPreviousPage && oldestSeq !== undefined && oldestSeq > readUpTo + 1
      ? undefined
      : readUpTo;
  const timeline = useMemo(
    () => buildTimeline(messages, outgoing, { myId, readUpTo: dividerAfter }),
    [messages, outgoing, myId, dividerAfter],
  );

  const { scroller, onScroll, atBottom, farFromBottom, jumpToLatest } = useMessageListScroll({
    timeline,
    outgoingCount: outgoing.length,
    history,
    editingId,
  });

  useReadMarker(chat, newestSeq(history.data), atBottom);
  const unread = useUnreadAbove(scroller, history.data ? readUpTo : undefined, timeline);

  // After the scroll hook has placed the view (its layout effect runs first): centre the target.
  const jumpedTo = useRef<JumpTarget | null>(null);
  useLayoutEffect(() => {
    if (!jumpTo || jumpedTo.current === jumpTo) return;
    const row = scroller.current?.querySelector(`[data-anchor-key="${jumpTo.messageId}"]`);
    if (!row) return;
    jumpedTo.current = jumpTo;
    row.scrollIntoView?.({ block: 'center' });
  }, [jumpTo, timeline, scroller]);

  const formats = useMessageFormats();

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scroller}
        data-testid="message-list"
        role="log"
        aria-label={t('chats.messages.label', { name: chatTitle(t, chat) })}
        onScroll={() => {
          onScroll();
          unread.check();
        }}
        className="flex-1 overflow-y-auto pb-3 [overflow-anchor:none]"
      >
        {history.isPending && (
          <p role="status" className="flex items-center justify-center gap-2 py-10 text-sm text-slate-500">
            <Spinner /> {t('common.loading')}
          </p>
        )}
        {history.isError && (
          <Alert tone="error" className="m-4">
            <p className="font-medium">{t('chats.messages.loadError')}</p>
            <p className="mt-1">{describeChatError(t, history.error)}</p>
            <Button variant="secondary" className="mt-3" onClick={() => void history.refetch()}>
              {t('common.retry')}
            </Button>
          </Alert>
        )}
        {history.isFetchPreviousPageError && (
          <div className="flex justify-center py-3">
            <Button variant="secondary" onClick={() => void history.fetchPreviousPage()}>
              {t('chats.messages.loadOlderFailed')}
            </Button>
          </div>
        )}
        {history.isSuccess && !history.hasPreviousPage && (
          <div data-testid="chat-beginning" className="px-4 pt-8 pb-2 sm:px-5">
            <p className="text-lg font-semibold text-slate-900">{chatTitle(t, chat)}</p>
            <p className="mt-1 text-sm text-slate-600">
              {timeline.length === 0 ? t('chats.messages.empty') : t('chats.messages.beginning')}
            </p>
          </div>
        )}
        {timeline.map((item) => {
          switch (item.kind) {
            case 'day':
              return (
                <div key={item.key} role="separator" className="flex items-center gap-3 px-4 pt-4 pb-1">
                  <span className="h-px flex-1 bg-slate-200" />
                  <span className="text-xs font-medium text-slate-500">{formats.day(item.date)}</span>
                  <span className="h-px flex-1 bg-slate-200" />
                </div>
              );
            case 'unread':
              return (
                <div
                  key={item.key}
                  data-testid="unread-divider"
                  className="flex items-center gap-3 px-4 pt-3"
                >
                  <span className="h-px flex-1 bg-red-300" />
                  <span className="text-xs font-semibold text-red-600">{t('chats.messages.newDivider')}</span>
                </div>
              );
            default:
              return (
                <MessageRow
                  key={item.key}
                  entry={item}
                  myId={myId}
                  editing={item.kind === 'message' && item.message.id === editingId}
                  canModerate={canModerate}
                  canReact={canReact}
                  showPresence={chat.type === 'direct'}
                  actions={actions}
                  formatTime={formats.time}
                  formatDateTime={formats.dateTime}
                  highlighted={item.kind === 'message' && item.message.id === jumpTo?.messageId}
                />
              );
          }
        })}
      </div>
      {unread.above && !bannerDismissed && readUpTo !== undefined && !history.isFetchingPreviousPage && (
        <UnreadBanner
          chat={chat}
          scroller={scroller}
          readUpTo={readUpTo}
          count={unreadOnOpening}
          onShowMessage={onShowMessage}
          onDismiss={() => setBannerDismissed(true)}
        />
      )}
      {history.isFetchingPreviousPage && (
        // Over the list rather than in it, so that it does not push the messages being read down.
        <p
          role="status"
          className="absolute inset-x-0 top-2 mx-auto flex w-fit items-center gap-2 rounded-full bg-white px-3 py-1.5 text-sm text-slate-600 shadow-md ring-1 ring-slate-200"
        >
          <Spinner /> {t('chats.messages.loadingOlder')}
        </p>
      )}
      {farFromBottom && (
        <button
          type="button"
          onClick={jumpToLatest}
          className="absolute right-4 bottom-3 flex items-center gap-1.5 rounded-full bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-md ring-1 ring-slate-200 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500"
        >
          <ArrowDownIcon className="size-4" />
          {t('chats.messages.jumpToLatest')}
        </button>
      )}
    </div>
  );
}
