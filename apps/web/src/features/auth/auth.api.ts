import {
  AuthProviderListSchema,
  type LoginRequest,
  LoginResponseSchema,
  type RegisterRequest,
  RegisterResponseSchema,
  TokenPairSchema,
} from '@beseda/protocol';
import { useMutation, useQuery } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData, requestOk } from '../../api/request';
import { signIn } from '../../auth/session';

export const authProvidersQueryKey = ['auth-providers'] as const;

/** The identity providers this installation offers sign-in with; only the configured ones. */
export function useAuthProviders() {
  return useQuery({
    queryKey: authProvidersQueryKey,
    queryFn: ({ signal }) =>
      requestData(apiClient.GET('/api/v1/auth/providers', { signal }), AuthProviderListSchema),
    select: (list) => list.items,
    // Configuration: it changes with a server restart, not while a page is open.
    staleTime: 10 * 60_000,
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: (body: RegisterRequest) =>
      requestData(apiClient.POST('/api/v1/auth/register', { body }), RegisterResponseSchema),
  });
}

/** Password step. Without two-factor authentication it signs in at once; with it, answers a challenge. */
export function useLogin() {
  return useMutation({
    mutationFn: (body: LoginRequest) =>
      requestData(apiClient.POST('/api/v1/auth/login', { body }), LoginResponseSchema),
    onSuccess: (result) => {
      if (!result.mfaRequired) signIn(result);
    },
  });
}

/** Second step: the authenticator code or a recovery code, with the challenge from the password step. */
export function useLoginWithCode() {
  return useMutation({
    mutationFn: (body: { mfaToken: string; code: string }) =>
      requestData(apiClient.POST('/api/v1/auth/login/totp', { body }), TokenPairSchema),
    onSuccess: signIn,
  });
}

/**
 * Confirms the address as the page opens. A query rather than a mutation: the token is single-use,
 * and the cache makes sure a re-render, a remount or StrictMode never sends it twice.
 */
export function useEmailConfirmation(token: string) {
  return useQuery({
    queryKey: ['email-confirmation', token],
    // A query must resolve to a value; `true` stands for "confirmed".
    queryFn: async () => {
      await requestOk(apiClient.POST('/api/v1/auth/confirm-email', { body: { token } }));
      return true;
    },
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

export function useResendConfirmation() {
  return useMutation({
    mutationFn: (email: string) =>
      requestOk(apiClient.POST('/api/v1/auth/resend-confirmation', { body: { email } })),
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (email: string) =>
      requestOk(apiClient.POST('/api/v1/auth/forgot-password', { body: { email } })),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      requestOk(apiClient.POST('/api/v1/auth/reset-password', { body })),
  });
}
