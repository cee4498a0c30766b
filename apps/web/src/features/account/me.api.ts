import { type Me, MeSchema } from '@beseda/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData } from '../../api/request';
import { useSession } from '../../auth/useSession';
import { useRealtimeEvent, useRealtimeResync } from '../../realtime/realtime-hooks';

export const meQueryKey = ['me'] as const;
/** Account history changes with almost every account action; those mutations refresh it. */
export const activityQueryKey = ['activity'] as const;

export type ProfileChanges = {
  displayName?: string;
  username?: string;
  about?: string;
  timeZone?: string;
  language?: Me['language'];
  emailDigest?: boolean;
};

export type StatusChange = {
  presence?: Me['presence'];
  customStatus?: { text: string; emoji?: string | null; expiresAt?: string | null } | null;
};

/** The signed-in account; fetched only while there is a session. */
export function useMe() {
  const { status } = useSession();
  return useQuery({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => requestData(apiClient.GET('/api/v1/me', { signal }), MeSchema),
    enabled: status === 'signedIn',
    staleTime: 60_000,
  });
}

/**
 * Keeps the cached account current when it changes in another tab or on another device: the
 * event carries the whole account. When events were lost, it is fetched again. Mount once, in
 * the signed-in shell.
 */
export function useMeLiveUpdates() {
  const queryClient = useQueryClient();
  useRealtimeEvent('me.updated', (me) => queryClient.setQueryData(meQueryKey, me));
  useRealtimeResync(() => void queryClient.invalidateQueries({ queryKey: meQueryKey }));
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileChanges) => requestData(apiClient.PATCH('/api/v1/me', { body }), MeSchema),
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      void queryClient.invalidateQueries({ queryKey: activityQueryKey });
    },
  });
}

export function useUpdateStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StatusChange) => requestData(apiClient.PUT('/api/v1/me/status', { body }), MeSchema),
    onSuccess: (me) => queryClient.setQueryData(meQueryKey, me),
  });
}

/** Replaces the profile picture; the server checks, crops and re-encodes it and answers the account. */
export function useUploadAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return requestData(
        // The generated type spells the multipart part as a string; openapi-fetch sends FormData as
        // it is and lets the browser set the multipart boundary.
        apiClient.PUT('/api/v1/me/avatar', { body: form as unknown as { file: string } }),
        MeSchema,
      );
    },
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      void queryClient.invalidateQueries({ queryKey: activityQueryKey });
    },
  });
}

export function useRemoveAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => requestData(apiClient.DELETE('/api/v1/me/avatar'), MeSchema),
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      void queryClient.invalidateQueries({ queryKey: activityQueryKey });
    },
  });
}
