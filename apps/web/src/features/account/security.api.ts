import { RecoveryCodesSchema, TotpSetupSchema } from '@beseda/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData, requestOk } from '../../api/request';
import { activityQueryKey, meQueryKey } from './me.api';
import { sessionsQueryKey } from './sessions.api';

/** After a security change: the account flags, its history and (for a password) its sessions moved. */
function useRefreshAfterSecurityChange() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
    void queryClient.invalidateQueries({ queryKey: activityQueryKey });
    void queryClient.invalidateQueries({ queryKey: sessionsQueryKey });
  };
}

export function useChangePassword() {
  const refresh = useRefreshAfterSecurityChange();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      requestOk(apiClient.POST('/api/v1/me/password', { body })),
    onSuccess: refresh,
  });
}

/** A new secret each time; nothing changes on the account until a code confirms it. */
export function useStartTotpSetup() {
  return useMutation({
    mutationFn: () => requestData(apiClient.POST('/api/v1/me/2fa/setup'), TotpSetupSchema),
  });
}

export function useEnableTotp() {
  const refresh = useRefreshAfterSecurityChange();
  return useMutation({
    mutationFn: (code: string) =>
      requestData(apiClient.POST('/api/v1/me/2fa/enable', { body: { code } }), RecoveryCodesSchema),
    onSuccess: refresh,
  });
}

export function useDisableTotp() {
  const refresh = useRefreshAfterSecurityChange();
  return useMutation({
    mutationFn: (body: { password: string; code: string }) =>
      requestOk(apiClient.POST('/api/v1/me/2fa/disable', { body })),
    onSuccess: refresh,
  });
}

export function useRegenerateRecoveryCodes() {
  const refresh = useRefreshAfterSecurityChange();
  return useMutation({
    mutationFn: (code: string) =>
      requestData(apiClient.POST('/api/v1/me/2fa/recovery-codes', { body: { code } }), RecoveryCodesSchema),
    onSuccess: refresh,
  });
}
