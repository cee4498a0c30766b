import { type Me, MeSchema } from '@beseda/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData } from '../../api/request';
import { useSession } from '../../auth/useSession';

export const meQueryKey = ['me'] as const;
/** Account history changes with almost every account action; those mutations refresh it. */
export const activityQueryKey = ['activity'] as const;

export type ProfileChanges = {
  displayName?: string;
  username?: string;
  about?: string;
  timeZone?: string;
  language?: Me['language'];
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
