import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useRealtimeEvent } from '../../realtime/realtime-hooks';
import { RealtimeContext } from '../../realtime/realtime-context';

/** While I type, `chat.typing` goes out at most this often. */
export const TYPING_SEND_INTERVAL_MS = 3_000;
/** Someone shows as typing for this long after their last `typing` event. */
export const TYPING_SHOW_MS = 5_000;

/**
 * Tells the chat's other members that I am typing. `notify` may be called on every keystroke;
 * `reset` after a send, so that the next message's typing is announced at once.
 */
export function useTypingNotifier(chatId: string) {
  const connection = useContext(RealtimeContext);
  const lastSent = useRef(Number.NEGATIVE_INFINITY);
  const notify = useCallback(() => {
    if (!connection) return;
    const now = Date.now();
    if (now - lastSent.current < TYPING_SEND_INTERVAL_MS) return;
    lastSent.current = now;
    connection.request('chat.typing', { chatId }).catch(() => {
      // Offline or refused: the indicator is a courtesy, nothing to report.
    });
  }, [connection, chatId]);
  const reset = useCallback(() => {
    lastSent.current = Number.NEGATIVE_INFINITY;
  }, []);
  return { notify, reset };
}

/**
 * Who else is typing in the chat, in the order they started: each for a few seconds after their
 * last `typing` event, and no longer once their message arrives.
 */
export function useTypingPeople(chatId: string, myId: string | undefined): string[] {
  const [typing, setTyping] = useState<string[]>([]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const stop = useCallback((userId: string) => {
    clearTimeout(timers.current.get(userId));
    timers.current.delete(userId);
    setTyping((list) => (list.includes(userId) ? list.filter((id) => id !== userId) : list));
  }, []);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    };
  }, []);

  useRealtimeEvent('typing', ({ chatId: typingIn, userId }) => {
    if (typingIn !== chatId || userId === myId) return;
    clearTimeout(timers.current.get(userId));
    timers.current.set(
      userId,
      setTimeout(() => stop(userId), TYPING_SHOW_MS),
    );
    setTyping((list) => (list.includes(userId) ? list : [...list, userId]));
  });

  useRealtimeEvent('message.created', (message) => {
    if (message.chatId === chatId && message.authorId) stop(message.authorId);
  });

  return typing;
}
