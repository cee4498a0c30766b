import { type Chat } from '@beseda/protocol';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useMarkRead } from './chats.api';

/** Reading settles for this long before the read marker is sent: scrolling through is not reading. */
export const READ_DEBOUNCE_MS = 600;

function subscribeToVisibility(listener: () => void) {
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}

/** Whether the tab is in front; a message shown in a background tab has not been read. */
function usePageVisible(): boolean {
  return useSyncExternalStore(subscribeToVisibility, () => document.visibilityState !== 'hidden');
}

/**
 * Marks the chat read up to its newest message while that message is on screen: once per new
 * message, after a short pause.
 */
export function useReadMarker(chat: Chat, newestSeq: number, newestVisible: boolean): void {
  const { mutate: markRead } = useMarkRead();
  const visible = usePageVisible();
  const sentUpTo = useRef(0);
  const membership = chat.membership;
  const behind = membership !== null && (newestSeq > membership.lastReadSeq || chat.unreadCount > 0);

  useEffect(() => {
    if (!behind || !newestVisible || !visible || newestSeq === 0 || newestSeq <= sentUpTo.current) return;
    const timer = setTimeout(() => {
      sentUpTo.current = newestSeq;
      markRead(
        { chatId: chat.id, seq: newestSeq },
        {
          onError: () => {
            // Try again with the next message or the next time it comes into view.
            sentUpTo.current = 0;
          },
        },
      );
    }, READ_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [behind, newestVisible, visible, newestSeq, chat.id, markRead]);
}
