import { CodeChallengeMethod, OAuth2Client } from 'arctic';
import { z } from 'zod';
import { type OAuthClientConfig } from '../../../config/config.js';
import {
  type AuthorizationAttempt,
  fetchJson,
  type OAuthProfile,
  type OAuthProvider,
  providerError,
} from './oauth-provider.js';
import { exchangeCode } from './token-exchange.js';

export const GITHUB_AUTHORIZE_URL = 'https://github.com/login/oauth/authorize';
export const GITHUB_TOKEN_URL = 'https://github.com/login/oauth/access_token';
export const GITHUB_API = 'https://api.github.com';
/** The profile, and the address list (the profile's own `email` is only the public one, if any). */
export const GITHUB_SCOPES = ['read:user', 'user:email'];

const UserSchema = z.object({ id: z.number(), login: z.string(), name: z.string().nullish() });
const EmailsSchema = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

/**
 * GitHub speaks OAuth 2.0 without OpenID Connect: no ID token, so who signed in comes from its
 * API. arctic's GitHub class sends no PKCE challenge, so arctic's generic client is used with
 * GitHub's endpoints; GitHub verifies S256 challenges (since July 2025).
 */
export class GitHubProvider implements OAuthProvider {
  readonly id = 'github' as const;
  readonly name = 'GitHub';
  private readonly client: OAuth2Client;

  constructor(
    config: OAuthClientConfig,
    redirectUri: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.client = new OAuth2Client(config.clientId, config.clientSecret, redirectUri);
  }

  authorizationUrl({ state, codeVerifier }: AuthorizationAttempt): Promise<URL> {
    return Promise.resolve(
      this.client.createAuthorizationURLWithPKCE(
        GITHUB_AUTHORIZE_URL,
        state,
        CodeChallengeMethod.S256,
        codeVerifier,
        GITHUB_SCOPES,
      ),
    );
  }

  async profile(code: string, { codeVerifier }: AuthorizationAttempt): Promise<OAuthProfile> {
    const tokens = await exchangeCode(() =>
      this.client.validateAuthorizationCode(GITHUB_TOKEN_URL, code, codeVerifier),
    );
    const headers = {
      authorization: `Bearer ${tokens.accessToken()}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'Beseda',
    };
    const [user, emails] = await Promise.all([
      fetchJson(`${GITHUB_API}/user`, { what: 'GitHub /user', headers }, this.fetchImpl),
      fetchJson(`${GITHUB_API}/user/emails`, { what: 'GitHub /user/emails', headers }, this.fetchImpl),
    ]);
    return githubProfile(user, emails);
  }
}

/** Only the primary address, and only when GitHub has verified it. */
export function githubProfile(user: unknown, emails: unknown): OAuthProfile {
  const parsedUser = UserSchema.safeParse(user);
  const parsedEmails = EmailsSchema.safeParse(emails);
  if (!parsedUser.success || !parsedEmails.success)
    throw providerError('GitHub answered an unexpected shape');
  const primary = parsedEmails.data.find((entry) => entry.primary);
  return {
    subject: String(parsedUser.data.id),
    email: primary?.email.toLowerCase() ?? null,
    emailVerified: primary?.verified ?? false,
    name: parsedUser.data.name?.trim() || null,
    usernameHint: parsedUser.data.login,
    language: null,
  };
}
