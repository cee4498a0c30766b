import { type Notification, NotificationListSchema } from '@beseda/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData, requestOk } from '../../api/request';
import { useRealtimeEvent, useRealtimeResync } from '../../realtime/realtime-hooks';

/** The newest notifications shown in the list; older ones are rarely wanted from a bell. */
const LIST_LIMIT = 50;

export const notificationKeys = {
  list: () => ['notifications', 'list'] as const,
};

type NotificationList = { items: Notification[]; unreadCount: number };

export function useNotifications() {
  return useQuery({
    queryKey: notificationKeys.list(),
    queryFn: ({ signal }) =>
      requestData(
        apiClient.GET('/api/v1/notifications', { params: { query: { limit: LIST_LIMIT } }, signal }),
        NotificationListSchema,
      ).then(({ items, unreadCount }): NotificationList => ({ items, unreadCount })),
  });
}

/** Keeps the list and its count current from realtime events; a lost stretch reloads it. */
export function useNotificationLiveUpdates() {
  const queryClient = useQueryClient();
  useRealtimeEvent('notification.created', (notification) =>
    queryClient.setQueryData<NotificationList>(notificationKeys.list(), (list) =>
      list && !list.items.some((item) => item.id === notification.id)
        ? {
            items: [notification, ...list.items].slice(0, LIST_LIMIT),
            unreadCount: list.unreadCount + (notification.readAt ? 0 : 1),
          }
        : list,
    ),
  );
  useRealtimeEvent('notification.read', ({ ids }) => markReadInCache(queryClient, ids));
  useRealtimeResync(() => void queryClient.invalidateQueries({ queryKey: notificationKeys.list() }));
}

function markReadInCache(queryClient: ReturnType<typeof useQueryClient>, ids: string[] | null) {
  const now = new Date().toISOString();
  queryClient.setQueryData<NotificationList>(notificationKeys.list(), (list) => {
    if (!list) return list;
    const wanted = ids === null ? null : new Set(ids);
    let changed = 0;
    const items = list.items.map((item) => {
      if (item.readAt || (wanted && !wanted.has(item.id))) return item;
      changed++;
      return { ...item, readAt: now };
    });
    return { items, unreadCount: ids === null ? 0 : Math.max(0, list.unreadCount - changed) };
  });
}

/** Marks the given notifications read, or all of them with null; the list updates at once. */
export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[] | null) =>
      requestOk(apiClient.POST('/api/v1/notifications/read', { body: ids ? { ids } : {} })),
    onMutate: (ids) => markReadInCache(queryClient, ids),
    onError: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.list() }),
  });
}
