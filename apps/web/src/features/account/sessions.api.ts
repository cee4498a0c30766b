import { SessionListSchema } from '@beseda/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData, requestOk } from '../../api/request';

export const sessionsQueryKey = ['sessions'] as const;

/** The answer of revoke-others: how many sessions ended. */
const RevokedCountSchema = {
  safeParse(value: unknown) {
    const revoked = (value as { revoked?: unknown } | null)?.revoked;
    return typeof revoked === 'number'
      ? { success: true as const, data: { revoked } }
      : { success: false as const, error: { issues: [{ path: ['revoked'], message: 'Expected a number' }] } };
  },
};

export function useSessions() {
  return useQuery({
    queryKey: sessionsQueryKey,
    queryFn: ({ signal }) => requestData(apiClient.GET('/api/v1/me/sessions', { signal }), SessionListSchema),
    select: (list) => list.items,
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      requestOk(apiClient.DELETE('/api/v1/me/sessions/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey }),
  });
}

export function useRevokeOtherSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => requestData(apiClient.POST('/api/v1/me/sessions/revoke-others'), RevokedCountSchema),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey }),
  });
}
