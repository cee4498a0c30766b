import { ErrorCode, type Language, type OAuthProviderId } from '@beseda/protocol';
import { AppError } from '../../../common/errors/app-error.js';

/** Who signed in at the provider, in the provider's own terms, before any Beseda account is involved. */
export interface OAuthProfile {
  /** The provider's stable id for the account (`sub`, or GitHub's numeric id): identities match on it. */
  subject: string;
  /** Lower-cased; null when the provider gave none. */
  email: string | null;
  /** Only a verified address may create an account or be matched against one. */
  emailVerified: boolean;
  name: string | null;
  /** A login name at the provider, the first choice for a new account's username. */
  usernameHint: string | null;
  language: Language | null;
}

/** The per-attempt secrets the provider round trip is bound to; kept server-side between the two legs. */
export interface AuthorizationAttempt {
  state: string;
  codeVerifier: string;
  nonce: string;
}

export interface OAuthProvider {
  readonly id: OAuthProviderId;
  /** Button label. */
  readonly name: string;
  /** Issuers whose authorization responses may come back here (RFC 9207 `iss`); absent for plain OAuth. */
  readonly issuers?: string[];
  /** The provider's sign-in page for this attempt: PKCE S256, state and, for OpenID providers, nonce. */
  authorizationUrl(attempt: AuthorizationAttempt): Promise<URL>;
  /** Exchanges the authorization code and returns who signed in; throws AppError with an oauth.* code. */
  profile(code: string, attempt: AuthorizationAttempt): Promise<OAuthProfile>;
}

/** How long a call to a provider may take before the sign-in is given up. */
export const PROVIDER_TIMEOUT_MS = 10_000;

export function providerError(message: string): AppError {
  return new AppError(ErrorCode.oauthProviderError, 502, message);
}

export function languageOf(locale: unknown): Language | null {
  if (typeof locale !== 'string') return null;
  const primary = locale.toLowerCase().split(/[-_]/)[0];
  return primary === 'ru' || primary === 'en' ? primary : null;
}

/** A GET of JSON from a provider with a timeout; anything but a 200 with JSON is the provider's failure. */
export async function fetchJson(
  url: string | URL,
  init: RequestInit & { what: string },
  fetchImpl: typeof fetch = fetch,
): Promise<unknown> {
  const { what, ...request } = init;
  let response: Response;
  try {
    response = await fetchImpl(url, { ...request, signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
  } catch (error) {
    throw providerError(`${what} could not be fetched: ${(error as Error).message}`);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw providerError(`${what} answered HTTP ${response.status}`);
  }
  try {
    return await response.json();
  } catch {
    throw providerError(`${what} is not JSON`);
  }
}
