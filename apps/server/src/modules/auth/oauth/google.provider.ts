import { Google } from 'arctic';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { type OAuthClientConfig } from '../../../config/config.js';
import { profileFromClaims, verifyIdToken } from './id-token.js';
import { idTokenOf } from './oidc.provider.js';
import {
  type AuthorizationAttempt,
  type OAuthProfile,
  type OAuthProvider,
  PROVIDER_TIMEOUT_MS,
} from './oauth-provider.js';
import { exchangeCode } from './token-exchange.js';

export const GOOGLE_SCOPES = ['openid', 'email', 'profile'];
/** Google documents both spellings of its issuer. */
export const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];
const GOOGLE_JWKS = new URL('https://www.googleapis.com/oauth2/v3/certs');

/** Google is an OpenID provider with fixed endpoints: arctic knows them, the ID token says who it is. */
export class GoogleProvider implements OAuthProvider {
  readonly id = 'google' as const;
  readonly name = 'Google';
  readonly issuers = GOOGLE_ISSUERS;
  private readonly client: Google;

  constructor(
    private readonly config: OAuthClientConfig,
    redirectUri: string,
    private readonly keys: JWTVerifyGetKey = createRemoteJWKSet(GOOGLE_JWKS, {
      timeoutDuration: PROVIDER_TIMEOUT_MS,
    }),
  ) {
    this.client = new Google(config.clientId, config.clientSecret, redirectUri);
  }

  authorizationUrl({ state, codeVerifier, nonce }: AuthorizationAttempt): Promise<URL> {
    const url = this.client.createAuthorizationURL(state, codeVerifier, GOOGLE_SCOPES);
    url.searchParams.set('nonce', nonce);
    return Promise.resolve(url);
  }

  async profile(code: string, { codeVerifier, nonce }: AuthorizationAttempt): Promise<OAuthProfile> {
    const tokens = await exchangeCode(() => this.client.validateAuthorizationCode(code, codeVerifier));
    const claims = await verifyIdToken(idTokenOf(tokens), {
      keys: this.keys,
      issuers: GOOGLE_ISSUERS,
      clientId: this.config.clientId,
      nonce,
    });
    return profileFromClaims(claims);
  }
}
