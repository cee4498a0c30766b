import { type Message, MessageListSchema } from '@beseda/protocol';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiClient } from '../../api/client';
import { requestData } from '../../api/request';
import { chatKeys } from './chat-keys';
import { allMessages, findMessage, type MessagePages, prependMessages } from './message-pages';

/** Messages around the one jumped to, and the page size used to join them to what is loaded. */
const AROUND_LIMIT = 50;
const GAP_PAGE_SIZE = 200;
/** A message further back than this many pages is not loaded: the list would grow too long. */
const GAP_MAX_PAGES = 10;

type HistoryQuery = { around: string; limit: number } | { after: number; limit: number };

function fetchHistory(chatId: string, query: HistoryQuery): Promise<Message[]> {
  return requestData(
    apiClient.GET('/api/v1/chats/{id}/messages', { params: { path: { id: chatId }, query } }),
    MessageListSchema,
  ).then((list) => list.items);
}

/**
 * Makes sure a timeline message is in the loaded history: fetches the messages `around` it, then
 * the ones between those and the oldest loaded, so the history stays one unbroken stretch.
 * Resolves to false when the message is too far back to load this way.
 */
export async function loadAroundMessage(
  queryClient: QueryClient,
  chatId: string,
  messageId: string,
): Promise<boolean> {
  const key = chatKeys.messages(chatId);
  const loaded = queryClient.getQueryData<MessagePages>(key);
  if (!loaded) return false;
  if (findMessage(loaded, messageId)) return true;
  const oldest = allMessages(loaded)[0];
  // Everything is loaded from the beginning, or nothing is: the message is not in the timeline.
  if (!oldest) return false;

  let run = await fetchHistory(chatId, { around: messageId, limit: AROUND_LIMIT });
  if (!run.some((message) => message.id === messageId)) return false;
  for (let page = 0; run.at(-1)!.seq < oldest.seq; page++) {
    if (page === GAP_MAX_PAGES) return false;
    const next = await fetchHistory(chatId, { after: run.at(-1)!.seq, limit: GAP_PAGE_SIZE });
    if (next.length === 0) break;
    run = [...run, ...next];
  }
  queryClient.setQueryData<MessagePages>(key, (data) => (data ? prependMessages(data, run) : data));
  return findMessage(queryClient.getQueryData<MessagePages>(key), messageId) !== undefined;
}

/** `jump(messageId)` loads the message into the history if needed; false when it cannot be. */
export function useLoadAroundMessage(chatId: string) {
  const queryClient = useQueryClient();
  return useCallback(
    (messageId: string) => loadAroundMessage(queryClient, chatId, messageId),
    [queryClient, chatId],
  );
}
