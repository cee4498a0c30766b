import { IdentityLinkStartSchema, IdentityListSchema, type OAuthProviderId } from '@beseda/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData, requestOk } from '../../api/request';
import { activityQueryKey } from './me.api';

export const identitiesQueryKey = ['identities'] as const;

/** The accounts at identity providers linked to the signed-in user. */
export function useIdentities() {
  return useQuery({
    queryKey: identitiesQueryKey,
    queryFn: ({ signal }) =>
      requestData(apiClient.GET('/api/v1/me/identities', { signal }), IdentityListSchema),
    select: (list) => list.items,
  });
}

/** Answers the provider's sign-in page; the caller sends the browser there. */
export function useLinkIdentity() {
  return useMutation({
    mutationFn: (provider: OAuthProviderId) =>
      requestData(
        apiClient.POST('/api/v1/me/identities/{provider}/link', { params: { path: { provider } } }),
        IdentityLinkStartSchema,
      ),
  });
}

export function useUnlinkIdentity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      requestOk(apiClient.DELETE('/api/v1/me/identities/{id}', { params: { path: { id } } })),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: identitiesQueryKey });
      void queryClient.invalidateQueries({ queryKey: activityQueryKey });
    },
  });
}
