import { type Chat, MessageListSchema } from '@beseda/protocol';
import { type RefObject, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiClient } from '../../api/client';
import { requestData } from '../../api/request';
import { CloseIcon } from '../../components/ui/icons';

/** The first message after `seq` in the timeline, asked of the server when it is not loaded. */
async function firstMessageAfter(chatId: string, seq: number): Promise<string | undefined> {
  const list = await requestData(
    apiClient.GET('/api/v1/chats/{id}/messages', {
      params: { path: { id: chatId }, query: { after: seq, limit: 1 } },
    }),
    MessageListSchema,
  );
  return list.items[0]?.id;
}

/**
 * Whether the "new messages" divider is out of sight above (or not loaded yet): then a banner
 * offers to jump to where reading should begin. Checked on scroll and whenever the rows change.
 */
export function useUnreadAbove(
  scroller: RefObject<HTMLDivElement | null>,
  readUpTo: number | undefined,
  rowsVersion: unknown,
) {
  const [above, setAbove] = useState(false);
  // Once the divider has been in view, reading has begun there: the banner does not come back.
  const [seen, setSeen] = useState(false);
  const check = useCallback(() => {
    const element = scroller.current;
    if (!element || readUpTo === undefined) return setAbove(false);
    const divider = element.querySelector('[data-testid="unread-divider"]');
    if (!divider) return setAbove(true);
    const isAbove = divider.getBoundingClientRect().bottom < element.getBoundingClientRect().top;
    if (!isAbove) setSeen(true);
    setAbove(isAbove);
  }, [scroller, readUpTo]);
  useEffect(() => check(), [check, rowsVersion]);
  return { above: above && !seen, check };
}

interface UnreadBannerProps {
  chat: Chat;
  scroller: RefObject<HTMLDivElement | null>;
  /** The read marker when the chat was opened. */
  readUpTo: number;
  /** How many messages were unread when the chat was opened. */
  count: number;
  /** Loads the history around a message and brings it into view. */
  onShowMessage: ((messageId: string) => void) | undefined;
  onDismiss: () => void;
}

/** "12 new messages · Jump": over the top of the list while where reading begins is out of view. */
export function UnreadBanner({
  chat,
  scroller,
  readUpTo,
  count,
  onShowMessage,
  onDismiss,
}: UnreadBannerProps) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);

  const jump = () => {
    const divider = scroller.current?.querySelector('[data-testid="unread-divider"]');
    if (divider) return divider.scrollIntoView?.({ block: 'start' });
    setFailed(false);
    firstMessageAfter(chat.id, readUpTo).then(
      (messageId) => (messageId ? onShowMessage?.(messageId) : onDismiss()),
      () => setFailed(true),
    );
  };

  return (
    <div
      data-testid="unread-banner"
      className="absolute inset-x-0 top-2 z-10 mx-auto flex w-fit items-center gap-1 rounded-full bg-brand-600 py-1 pr-1 pl-3 text-sm text-white shadow-md"
    >
      <button
        type="button"
        onClick={jump}
        className="rounded-full px-1 font-medium hover:underline focus-visible:outline-2 focus-visible:outline-white"
      >
        {failed ? t('chats.unread.failed') : t('chats.unread.jump', { count })}
      </button>
      <button
        type="button"
        onClick={onDismiss}
        className="rounded-full p-1 hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-white"
      >
        <CloseIcon className="size-4" />
        <span className="sr-only">{t('chats.unread.dismiss')}</span>
      </button>
    </div>
  );
}
