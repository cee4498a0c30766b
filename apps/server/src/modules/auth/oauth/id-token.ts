import { ErrorCode } from '@beseda/protocol';
import { errors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AppError } from '../../../common/errors/app-error.js';
import { languageOf, type OAuthProfile, providerError } from './oauth-provider.js';

/** Signature algorithms accepted for ID tokens: asymmetric only, so the key set alone can verify. */
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface IdTokenExpectations {
  keys: JWTVerifyGetKey;
  /** Accepted `iss` values, compared exactly. */
  issuers: string[];
  clientId: string;
  nonce: string;
  /** What the provider advertises; intersected with the asymmetric algorithms. */
  algorithms?: string[];
}

const invalid = (reason: string) =>
  new AppError(ErrorCode.oauthInvalidIdToken, 401, `The ID token was refused: ${reason}`);

/**
 * OpenID Connect Core 3.1.3.7: the signature with the provider's published keys, `iss` equal to
 * the issuer, our client id among the audiences (and as `azp` when there are several), not
 * expired, and the nonce of this attempt, which binds the token to the browser that started it.
 */
export async function verifyIdToken(idToken: string, expected: IdTokenExpectations): Promise<JWTPayload> {
  const algorithms = expected.algorithms
    ? ASYMMETRIC.filter((alg) => expected.algorithms!.includes(alg))
    : ASYMMETRIC;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, expected.keys, {
      issuer: expected.issuers,
      audience: expected.clientId,
      algorithms,
      requiredClaims: ['sub', 'exp', 'iat'],
      clockTolerance: 60,
    }));
  } catch (error) {
    if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
      throw providerError(`the provider's signing keys could not be fetched: ${(error as Error).message}`);
    }
    throw invalid(error.message);
  }
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== expected.clientId) {
    throw invalid('several audiences and "azp" is not this client');
  }
  if (payload.nonce !== expected.nonce) throw invalid('the nonce does not match this sign-in attempt');
  return payload;
}

/** The standard claims of an ID token or UserInfo response, as a profile. */
export function profileFromClaims(claims: Record<string, unknown>): OAuthProfile {
  const email = typeof claims.email === 'string' && claims.email.includes('@') ? claims.email : null;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  return {
    subject: String(claims.sub),
    email: email?.toLowerCase() ?? null,
    // Some providers send the boolean as a string.
    emailVerified: email !== null && (claims.email_verified === true || claims.email_verified === 'true'),
    name:
      text(claims.name) ??
      ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || null),
    usernameHint: text(claims.preferred_username) ?? text(claims.nickname),
    language: languageOf(claims.locale),
  };
}
