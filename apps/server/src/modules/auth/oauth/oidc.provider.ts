import { CodeChallengeMethod, OAuth2Client, type OAuth2Tokens } from 'arctic';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { type OAuthClientConfig } from '../../../config/config.js';
import { profileFromClaims, verifyIdToken } from './id-token.js';
import {
  type AuthorizationAttempt,
  fetchJson,
  type OAuthProfile,
  type OAuthProvider,
  PROVIDER_TIMEOUT_MS,
  providerError,
} from './oauth-provider.js';
import { exchangeCode } from './token-exchange.js';

const DiscoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  userinfo_endpoint: z.url().optional(),
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
});
type Discovery = z.infer<typeof DiscoverySchema>;

interface Metadata {
  discovery: Discovery;
  keys: JWTVerifyGetKey;
}

export const OIDC_SCOPES = ['openid', 'email', 'profile'];

/**
 * Any OpenID Connect provider (Keycloak, Authentik, Entra ID, Okta...), found through its discovery
 * document. The discovered issuer must be the configured one exactly (OpenID Discovery 4.3), so a
 * document cannot redirect trust to another issuer.
 */
export class OidcProvider implements OAuthProvider {
  readonly id = 'oidc' as const;
  private readonly client: OAuth2Client;
  private metadata?: Promise<Metadata>;

  constructor(
    private readonly config: OAuthClientConfig & { issuer: string; displayName: string },
    redirectUri: string,
  ) {
    this.client = new OAuth2Client(config.clientId, config.clientSecret, redirectUri);
  }

  get name() {
    return this.config.displayName;
  }

  get issuers() {
    return [this.config.issuer];
  }

  async authorizationUrl({ state, codeVerifier, nonce }: AuthorizationAttempt): Promise<URL> {
    const { discovery } = await this.discover();
    const url = this.client.createAuthorizationURLWithPKCE(
      discovery.authorization_endpoint,
      state,
      CodeChallengeMethod.S256,
      codeVerifier,
      OIDC_SCOPES,
    );
    url.searchParams.set('nonce', nonce);
    return url;
  }

  async profile(code: string, { codeVerifier, nonce }: AuthorizationAttempt): Promise<OAuthProfile> {
    const { discovery, keys } = await this.discover();
    const tokens = await exchangeCode(() =>
      this.client.validateAuthorizationCode(discovery.token_endpoint, code, codeVerifier),
    );
    const claims = await verifyIdToken(idTokenOf(tokens), {
      keys,
      issuers: [this.config.issuer],
      clientId: this.config.clientId,
      nonce,
      algorithms: discovery.id_token_signing_alg_values_supported,
    });
    if (typeof claims.email === 'string' || !discovery.userinfo_endpoint) return profileFromClaims(claims);
    // Providers may keep the e-mail out of the ID token in the code flow (Core 5.4); ask UserInfo.
    const userInfo = await fetchJson(discovery.userinfo_endpoint, {
      what: 'the UserInfo endpoint',
      headers: { authorization: `Bearer ${tokens.accessToken()}`, accept: 'application/json' },
    });
    const info = z.record(z.string(), z.unknown()).safeParse(userInfo);
    // Core 5.3.2: a UserInfo answer about another subject must not be used.
    if (!info.success || info.data.sub !== claims.sub)
      throw providerError('UserInfo is about another subject');
    return profileFromClaims({ ...claims, ...info.data });
  }

  /** Fetched once and kept; a failed fetch is forgotten so the next sign-in tries again. */
  private discover(): Promise<Metadata> {
    this.metadata ??= this.fetchMetadata().catch((error: unknown) => {
      this.metadata = undefined;
      throw error;
    });
    return this.metadata;
  }

  private async fetchMetadata(): Promise<Metadata> {
    const location = `${this.config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const parsed = DiscoverySchema.safeParse(
      await fetchJson(location, { what: `the discovery document ${location}` }),
    );
    if (!parsed.success) throw providerError(`the discovery document ${location} is incomplete`);
    if (parsed.data.issuer !== this.config.issuer) {
      throw providerError(
        `the discovery document names the issuer "${parsed.data.issuer}", not the configured "${this.config.issuer}"`,
      );
    }
    return {
      discovery: parsed.data,
      keys: createRemoteJWKSet(new URL(parsed.data.jwks_uri), { timeoutDuration: PROVIDER_TIMEOUT_MS }),
    };
  }
}

export function idTokenOf(tokens: OAuth2Tokens): string {
  try {
    return tokens.idToken();
  } catch {
    throw providerError('the token response has no ID token');
  }
}
