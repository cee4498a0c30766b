import { createHash } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GoogleProvider } from './google.provider.js';

const redirectUri = 'https://chat.example.org/api/v1/auth/oauth/google/callback';
const config = { clientId: '1234-abc.apps.googleusercontent.com', clientSecret: 'google-secret' };
const attempt = { state: 'state-value', codeVerifier: 'v'.repeat(43), nonce: 'nonce-value' };
let provider: GoogleProvider;
let sign: (claims: JWTPayload) => Promise<string>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'g1', alg: 'RS256' }] });
  sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'g1' }).sign(privateKey);
  provider = new GoogleProvider(config, redirectUri, keys);
});

afterEach(() => vi.unstubAllGlobals());

/** The claims of a Google ID token, in the shape Google documents (values made up). */
const googleClaims = (): JWTPayload => ({
  iss: 'https://accounts.google.com',
  azp: config.clientId,
  aud: config.clientId,
  sub: '110169484474386276334',
  email: 'Maria.Sokolova@gmail.com',
  email_verified: true,
  at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q',
  name: 'Maria Sokolova',
  picture: 'https://lh3.googleusercontent.com/a/photo',
  given_name: 'Maria',
  family_name: 'Sokolova',
  iat: Math.floor(Date.now() / 1000),
  exp: Math.floor(Date.now() / 1000) + 3600,
  nonce: attempt.nonce,
});

/** Google's token endpoint, as arctic calls it. */
function stubTokenEndpoint(idToken: string) {
  const requests: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      requests.push(request.clone());
      return Response.json({
        access_token: 'ya29.a0-access',
        expires_in: 3599,
        scope: 'openid email profile',
        token_type: 'Bearer',
        id_token: idToken,
      });
    }),
  );
  return requests;
}

describe('sign-in with Google', () => {
  it("sends the user to Google's page with PKCE S256, state, nonce and the OpenID scopes", async () => {
    const url = await provider.authorizationUrl(attempt);
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: config.clientId,
      redirect_uri: redirectUri,
      state: attempt.state,
      code_challenge_method: 'S256',
      code_challenge: createHash('sha256').update(attempt.codeVerifier).digest('base64url'),
      scope: 'openid email profile',
      nonce: attempt.nonce,
    });
  });

  it('exchanges the code with the verifier and maps the verified ID token', async () => {
    const requests = stubTokenEndpoint(await sign(googleClaims()));
    await expect(provider.profile('4/0AX4-code', attempt)).resolves.toEqual({
      subject: '110169484474386276334',
      email: 'maria.sokolova@gmail.com',
      emailVerified: true,
      name: 'Maria Sokolova',
      usernameHint: null,
      language: null,
    });
    const [request] = requests;
    expect(request!.url).toBe('https://oauth2.googleapis.com/token');
    const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
    expect(request!.headers.get('authorization')).toBe(`Basic ${basic}`);
    expect(Object.fromEntries(new URLSearchParams(await request!.text()))).toEqual({
      grant_type: 'authorization_code',
      code: '4/0AX4-code',
      redirect_uri: redirectUri,
      code_verifier: attempt.codeVerifier,
    });
  });

  it('accepts the short issuer spelling Google also uses, and refuses other issuers and nonces', async () => {
    stubTokenEndpoint(await sign({ ...googleClaims(), iss: 'accounts.google.com' }));
    await expect(provider.profile('c', attempt)).resolves.toMatchObject({ emailVerified: true });
    stubTokenEndpoint(await sign({ ...googleClaims(), iss: 'https://evil.example' }));
    await expect(provider.profile('c', attempt)).rejects.toMatchObject({ code: 'oauth.invalid_id_token' });
    stubTokenEndpoint(await sign({ ...googleClaims(), nonce: 'other' }));
    await expect(provider.profile('c', attempt)).rejects.toMatchObject({ code: 'oauth.invalid_id_token' });
  });

  it('reports a refused code as an invalid attempt', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json({ error: 'invalid_grant', error_description: 'Bad Request' }, { status: 400 }),
      ),
    );
    await expect(provider.profile('used-code', attempt)).rejects.toMatchObject({
      code: 'oauth.invalid_state',
    });
  });
});
