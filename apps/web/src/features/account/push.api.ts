import { PushKeySchema, PushSubscriptionCreatedSchema, PushSubscriptionListSchema } from '@beseda/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { isApiError } from '../../api/api-error';
import { requestData, requestOk } from '../../api/request';
import {
  forgetThisDevice,
  readThisDevice,
  rememberThisDevice,
  requestNotificationPermission,
  subscribeThisBrowser,
  thisBrowserSubscription,
} from './push-device';

export const pushDevicesQueryKey = ['push-devices'] as const;
const thisDeviceQueryKey = (userId: string) => ['push-this-device', userId] as const;

/** Every device of mine that receives push notifications, this one included. */
export function usePushDevices() {
  return useQuery({
    queryKey: pushDevicesQueryKey,
    queryFn: ({ signal }) =>
      requestData(apiClient.GET('/api/v1/me/push-subscriptions', { signal }), PushSubscriptionListSchema),
    select: (list) => list.items,
  });
}

/**
 * The server's id for this browser's subscription, or null when this device is not subscribed.
 * A remembered id whose browser subscription is gone (site data cleared, permission revoked)
 * counts as not subscribed.
 */
export function useThisDevicePush(userId: string, supported: boolean) {
  return useQuery({
    queryKey: thisDeviceQueryKey(userId),
    enabled: supported,
    queryFn: async () => {
      const remembered = readThisDevice(userId);
      if (!remembered || Notification.permission !== 'granted') return null;
      const subscription = await thisBrowserSubscription();
      return subscription?.endpoint === remembered.endpoint ? remembered.id : null;
    },
  });
}

async function deletePushDevice(id: string) {
  try {
    await requestOk(apiClient.DELETE('/api/v1/me/push-subscriptions/{id}', { params: { path: { id } } }));
  } catch (error) {
    // Already gone on the server (removed from another device): the goal is reached.
    if (isApiError(error) && error.status === 404) return;
    throw error;
  }
}

/** Asks for permission, subscribes this browser with the server's key and registers it. */
export function useEnablePush(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await requestNotificationPermission();
      const { publicKey } = await requestData(apiClient.GET('/api/v1/push/key'), PushKeySchema);
      const subscription = await subscribeThisBrowser(publicKey);
      const { endpoint, keys } = subscription.toJSON();
      try {
        const { id } = await requestData(
          apiClient.POST('/api/v1/me/push-subscriptions', {
            body: {
              endpoint: endpoint ?? subscription.endpoint,
              keys: { p256dh: keys?.p256dh ?? '', auth: keys?.auth ?? '' },
            },
          }),
          PushSubscriptionCreatedSchema,
        );
        rememberThisDevice(userId, { id, endpoint: subscription.endpoint });
        return id;
      } catch (error) {
        // A subscription the server does not know about would never be used: undo it.
        await subscription.unsubscribe().catch(() => false);
        throw error;
      }
    },
    onSuccess: (id) => queryClient.setQueryData(thisDeviceQueryKey(userId), id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: pushDevicesQueryKey }),
  });
}

/** Removes this browser's subscription on the server, then in the browser. */
export function useDisablePush(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      // The server first: if that fails, everything stays as it was and the person can retry.
      await deletePushDevice(id);
      forgetThisDevice(userId);
      const subscription = await thisBrowserSubscription();
      await subscription?.unsubscribe();
    },
    onSuccess: () => queryClient.setQueryData(thisDeviceQueryKey(userId), null),
    onSettled: () => queryClient.invalidateQueries({ queryKey: pushDevicesQueryKey }),
  });
}

/** Stops push notifications to another of my devices. */
export function useRemovePushDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deletePushDevice,
    onSettled: () => queryClient.invalidateQueries({ queryKey: pushDevicesQueryKey }),
  });
}
