import {
  type SearchOrder,
  SearchChatListSchema,
  SearchFileListSchema,
  SearchHitListSchema,
} from '@beseda/protocol';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData } from '../../api/request';

/** What the search page shows, as it is kept in the address (`/search?q=…&chat=…`). */
export interface SearchFilters {
  q: string;
  chat: string | null;
  from: string | null;
  mentionsMe: boolean;
  /** Only messages with an attached file. */
  hasFile: boolean;
  /** Calendar days (`2026-03-01`) in the device's time zone; `until` includes its whole day. */
  since: string | null;
  until: string | null;
  order: SearchOrder;
}

export const searchKeys = {
  messages: (filters: SearchFilters) => ['search', 'messages', filters] as const,
  chats: (query: string) => ['search', 'chats', query] as const,
  files: (query: string, chat: string | null) => ['search', 'files', query, chat] as const,
};

const PAGE_SIZE = 20;

/** Midnight at the start of a calendar day here, or of the day after it (`until` is inclusive). */
function dayStart(day: string, daysLater = 0): string {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + daysLater);
  return date.toISOString();
}

export function searchQuery(filters: SearchFilters, cursor?: string) {
  return {
    q: filters.q,
    order: filters.order,
    limit: PAGE_SIZE,
    ...(filters.chat ? { chat: filters.chat } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.mentionsMe ? { mentionsMe: 'true' as const } : {}),
    ...(filters.hasFile ? { hasFile: 'true' as const } : {}),
    ...(filters.since ? { since: dayStart(filters.since) } : {}),
    ...(filters.until ? { until: dayStart(filters.until, 1) } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** Messages matching the filters, a page at a time. */
export function useMessageSearch(filters: SearchFilters) {
  return useInfiniteQuery({
    queryKey: searchKeys.messages(filters),
    queryFn: ({ pageParam, signal }) =>
      requestData(
        apiClient.GET('/api/v1/search/messages', {
          params: { query: searchQuery(filters, pageParam) },
          signal,
        }),
        SearchHitListSchema,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: filters.q.trim() !== '',
    staleTime: 30_000,
  });
}

/** My own chats by name (direct chats by the other person), then public channels. */
export function useChatSearch(query: string) {
  return useQuery({
    queryKey: searchKeys.chats(query),
    queryFn: ({ signal }) =>
      requestData(
        apiClient.GET('/api/v1/search/chats', { params: { query: { q: query, limit: 8 } }, signal }),
        SearchChatListSchema,
      ).then((list) => list.items),
    enabled: query.trim() !== '',
    staleTime: 30_000,
  });
}

/** Files whose name matches, from messages I can read (the first page is enough for the page). */
export function useFileSearch(query: string, chat: string | null) {
  return useQuery({
    queryKey: searchKeys.files(query, chat),
    queryFn: ({ signal }) =>
      requestData(
        apiClient.GET('/api/v1/search/files', {
          params: { query: { q: query, limit: 8, ...(chat ? { chat } : {}) } },
          signal,
        }),
        SearchFileListSchema,
      ).then((list) => list.items),
    enabled: query.trim() !== '',
    staleTime: 30_000,
  });
}
