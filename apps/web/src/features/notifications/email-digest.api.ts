import { EmailDigestPolicySchema } from '@beseda/protocol';
import { useMutation, useQuery } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData, requestOk } from '../../api/request';

/** Whether this server sends e-mail digests, and after how long: set by the administrator. */
export function useEmailDigestPolicy() {
  return useQuery({
    queryKey: ['email-digest-policy'],
    queryFn: ({ signal }) =>
      requestData(apiClient.GET('/api/v1/notifications/email', { signal }), EmailDigestPolicySchema),
    staleTime: Infinity,
  });
}

/** Turns digests off with the token of an e-mail's unsubscribe link; needs no sign-in. */
export function useUnsubscribeFromDigests() {
  return useMutation({
    mutationFn: (token: string) =>
      requestOk(apiClient.POST('/api/v1/notifications/email/unsubscribe', { body: { token } })),
  });
}
