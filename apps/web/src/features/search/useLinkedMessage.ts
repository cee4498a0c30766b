import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useSearchParams } from 'react-router';
import { chatKeys } from '../chats/chat-keys';

/**
 * A search result opens its chat at `?message=<id>`: once the chat's history has loaded, the
 * message is shown in the timeline (`show` loads the history around it when needed) and the
 * parameter leaves the address, so a reload does not jump again.
 */
export function useLinkedMessage(chatId: string, show: (messageId: string) => void) {
  const [params, setParams] = useSearchParams();
  const linked = params.get('message');
  const queryClient = useQueryClient();
  const subscribe = useCallback(
    (notify: () => void) => queryClient.getQueryCache().subscribe(notify),
    [queryClient],
  );
  const historyLoaded = useSyncExternalStore(
    subscribe,
    () => queryClient.getQueryData(chatKeys.messages(chatId)) !== undefined,
  );

  useEffect(() => {
    if (!linked || !historyLoaded) return;
    setParams(
      (current) => {
        const kept = new URLSearchParams(current);
        kept.delete('message');
        return kept;
      },
      { replace: true },
    );
    show(linked);
  }, [linked, historyLoaded, setParams, show]);
}
