import { afterEach, describe, expect, it, vi } from 'vitest';
import { OidcProvider } from './oidc.provider.js';

const issuer = 'https://sso.example.org/realms/staff';
const config = { issuer, clientId: 'beseda', clientSecret: 's', displayName: 'Staff' };
const redirectUri = 'https://chat.example.org/api/v1/auth/oauth/oidc/callback';
const attempt = { state: 'st', codeVerifier: 'v'.repeat(43), nonce: 'n' };
const discovery = (overrides: Record<string, unknown> = {}) => ({
  issuer,
  authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
  token_endpoint: `${issuer}/protocol/openid-connect/token`,
  jwks_uri: `${issuer}/protocol/openid-connect/certs`,
  userinfo_endpoint: `${issuer}/protocol/openid-connect/userinfo`,
  ...overrides,
});

afterEach(() => vi.unstubAllGlobals());

describe('a generic OpenID Connect provider', () => {
  it('finds its endpoints through discovery, once', async () => {
    const fetchMock = vi.fn(async () => Response.json(discovery()));
    vi.stubGlobal('fetch', fetchMock);
    const provider = new OidcProvider(config, redirectUri);
    const url = await provider.authorizationUrl(attempt);
    await provider.authorizationUrl(attempt);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(String((fetchMock.mock.calls[0] as unknown[])[0])).toBe(
      `${issuer}/.well-known/openid-configuration`,
    );
    expect(url.origin + url.pathname).toBe(`${issuer}/protocol/openid-connect/auth`);
    expect(url.searchParams.get('nonce')).toBe('n');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('refuses a discovery document that names another issuer', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json(discovery({ issuer: 'https://evil.example' }))),
    );
    await expect(new OidcProvider(config, redirectUri).authorizationUrl(attempt)).rejects.toMatchObject({
      code: 'oauth.provider_error',
      message: expect.stringContaining('https://evil.example'),
    });
  });

  it('tries discovery again after a failure', async () => {
    const fetchMock = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('fetch failed'))
      .mockResolvedValueOnce(Response.json(discovery()));
    vi.stubGlobal('fetch', fetchMock);
    const provider = new OidcProvider(config, redirectUri);
    await expect(provider.authorizationUrl(attempt)).rejects.toMatchObject({ code: 'oauth.provider_error' });
    await expect(provider.authorizationUrl(attempt)).resolves.toBeInstanceOf(URL);
  });
});
