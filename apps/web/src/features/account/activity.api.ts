import { ActivityListSchema } from '@beseda/protocol';
import { useInfiniteQuery } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData } from '../../api/request';
import { activityQueryKey } from './me.api';

const PAGE_SIZE = 20;

/** The account history, newest first, a page at a time with the server's opaque cursor. */
export function useActivity() {
  return useInfiniteQuery({
    queryKey: activityQueryKey,
    queryFn: ({ pageParam, signal }) =>
      requestData(
        apiClient.GET('/api/v1/me/activity', {
          params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
        ActivityListSchema,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}
