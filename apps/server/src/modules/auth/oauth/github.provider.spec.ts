import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GitHubProvider, githubProfile } from './github.provider.js';

const redirectUri = 'https://chat.example.org/api/v1/auth/oauth/github/callback';
const config = { clientId: 'Iv1.8a61f9b3a7aba766', clientSecret: 'github-secret' };
const attempt = { state: 'state-value', codeVerifier: 'v'.repeat(43), nonce: 'unused' };

/** GET /user and GET /user/emails, in the shape GitHub's REST API documents (values made up). */
const user = {
  login: 'octo-maria',
  id: 5834291,
  node_id: 'MDQ6VXNlcjU4MzQyOTE=',
  type: 'User',
  name: 'Maria Sokolova',
  email: null,
};
const emails = [
  { email: 'maria@old.example', primary: false, verified: true, visibility: null },
  { email: 'Maria@Example.org', primary: true, verified: true, visibility: 'private' },
];

afterEach(() => vi.unstubAllGlobals());

describe('sign-in with GitHub', () => {
  it("sends the user to GitHub's page with PKCE S256, state and the profile and e-mail scopes", async () => {
    const url = await new GitHubProvider(config, redirectUri).authorizationUrl(attempt);
    expect(url.origin + url.pathname).toBe('https://github.com/login/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: config.clientId,
      redirect_uri: redirectUri,
      state: attempt.state,
      code_challenge_method: 'S256',
      code_challenge: createHash('sha256').update(attempt.codeVerifier).digest('base64url'),
      scope: 'read:user user:email',
    });
  });

  it('exchanges the code with the verifier and reads who it is from the API', async () => {
    const tokenRequests: Request[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        tokenRequests.push(request.clone());
        return Response.json({
          access_token: 'gho_token',
          token_type: 'bearer',
          scope: 'read:user,user:email',
        });
      }),
    );
    const api = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      expect(new Headers(init?.headers).get('authorization')).toBe('Bearer gho_token');
      return Response.json(String(url).endsWith('/user/emails') ? emails : user);
    });
    const provider = new GitHubProvider(config, redirectUri, api as typeof fetch);
    await expect(provider.profile('gh-code', attempt)).resolves.toEqual({
      subject: '5834291',
      email: 'maria@example.org',
      emailVerified: true,
      name: 'Maria Sokolova',
      usernameHint: 'octo-maria',
      language: null,
    });
    expect(api.mock.calls.map(([url]) => String(url)).sort()).toEqual([
      'https://api.github.com/user',
      'https://api.github.com/user/emails',
    ]);
    const [request] = tokenRequests;
    expect(request!.url).toBe('https://github.com/login/oauth/access_token');
    expect(request!.headers.get('accept')).toBe('application/json');
    expect(Object.fromEntries(new URLSearchParams(await request!.text()))).toMatchObject({
      code: 'gh-code',
      code_verifier: attempt.codeVerifier,
      redirect_uri: redirectUri,
    });
  });

  it('reports the error GitHub answers with HTTP 200 as an invalid attempt', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ error: 'bad_verification_code', error_description: 'expired' })),
    );
    const provider = new GitHubProvider(config, redirectUri, vi.fn() as typeof fetch);
    await expect(provider.profile('old', attempt)).rejects.toMatchObject({ code: 'oauth.invalid_state' });
  });

  it('trusts only the primary address, and only when GitHub verified it', () => {
    expect(githubProfile(user, [{ ...emails[1], verified: false }])).toMatchObject({
      email: 'maria@example.org',
      emailVerified: false,
    });
    expect(githubProfile(user, [emails[0]])).toMatchObject({ email: null, emailVerified: false });
    expect(githubProfile({ ...user, name: null }, emails).name).toBeNull();
    expect(() => githubProfile({ message: 'Bad credentials' }, emails)).toThrow(
      expect.objectContaining({ code: 'oauth.provider_error' }),
    );
  });
});
