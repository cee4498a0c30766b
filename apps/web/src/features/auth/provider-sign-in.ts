import { ErrorCode, type OAuthProviderId } from '@beseda/protocol';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/api-error';
import { safeNextPath } from '../../auth/next-path';
import { expectSessionOnReturn } from '../../auth/session';
import { describeApiError } from '../../components/forms/form-errors';

export interface AuthProvider {
  id: OAuthProviderId;
  /** The button label the server configured, e.g. "Google" or "Acme SSO". */
  name: string;
}

/**
 * The server's entry to a provider's sign-in page. A page address, not an API call: the browser
 * goes there and follows redirects to the provider and back to `next`.
 */
export function providerStartUrl(provider: OAuthProviderId, next: string | null): string {
  const path = safeNextPath(next);
  const start = `/api/v1/auth/oauth/${provider}/start`;
  return path === '/' ? start : `${start}?next=${encodeURIComponent(path)}`;
}

/** Hands the tab to a provider's sign-in page (to link an account); it comes back with a full page load. */
export function leaveForProvider(url: string): void {
  expectSessionOnReturn();
  window.location.assign(url);
}

/** Codes the server puts in `/login?error=` when a round trip through a provider fails. */
const redirectErrorCodes = new Set<string>([
  ErrorCode.oauthProviderNotEnabled,
  ErrorCode.oauthInvalidState,
  ErrorCode.oauthDenied,
  ErrorCode.oauthProviderError,
  ErrorCode.oauthInvalidIdToken,
  ErrorCode.oauthEmailNotVerified,
  ErrorCode.oauthAccountExists,
  ErrorCode.oauthIdentityInUse,
  ErrorCode.oauthSetupRequired,
  ErrorCode.accountBlocked,
  ErrorCode.emailNotConfirmed,
  ErrorCode.rateLimited,
]);

/**
 * The sentence for `?error=<code>`. The code arrives in the address bar, so anything off the list
 * (an internal failure, or a hand-made link) gets one general sentence rather than being echoed.
 */
export function redirectErrorMessage(t: TFunction, code: string): string {
  if (!redirectErrorCodes.has(code)) return t('errors.oauth.failed');
  return describeApiError(t, new ApiError({ code, message: code, status: 0 }));
}

/** A provider's name when the server no longer lists it (configuration changed since it was linked). */
export function fallbackProviderName(t: TFunction, provider: OAuthProviderId): string {
  switch (provider) {
    case 'google':
      return 'Google';
    case 'github':
      return 'GitHub';
    case 'oidc':
      return t('auth.providers.oidc');
  }
}
