import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileFromClaims, verifyIdToken } from './id-token.js';

const issuer = 'https://sso.example.org/realms/staff';
const clientId = 'beseda';
const nonce = 'nonce-of-this-attempt';
let sign: (claims: JWTPayload, alg?: string) => Promise<string>;
let keys: ReturnType<typeof createLocalJWKSet>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
  sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);
});

const now = () => Math.floor(Date.now() / 1000);
const valid = (): JWTPayload => ({
  iss: issuer,
  aud: clientId,
  sub: 'u-1',
  iat: now(),
  exp: now() + 300,
  nonce,
});
const verify = (token: string) => verifyIdToken(token, { keys, issuers: [issuer], clientId, nonce });

describe('verifyIdToken', () => {
  it('accepts a token signed by the provider, for us, in this attempt', async () => {
    await expect(verify(await sign(valid()))).resolves.toMatchObject({ sub: 'u-1' });
    await expect(
      verify(await sign({ ...valid(), aud: [clientId, 'api'], azp: clientId })),
    ).resolves.toBeTruthy();
  });

  it.each<[string, (claims: JWTPayload) => JWTPayload]>([
    ['another issuer', (c) => ({ ...c, iss: 'https://sso.example.org/realms/other' })],
    ['an issuer that differs only by a trailing slash', (c) => ({ ...c, iss: `${issuer}/` })],
    ['no issuer', ({ iss: _, ...c }) => c],
    ['another audience', (c) => ({ ...c, aud: 'other-client' })],
    ['several audiences without us as azp', (c) => ({ ...c, aud: [clientId, 'x'], azp: 'x' })],
    ['another nonce', (c) => ({ ...c, nonce: 'other' })],
    ['no nonce', ({ nonce: _, ...c }) => c],
    ['expiry in the past', (c) => ({ ...c, exp: now() - 120 })],
    ['no expiry', ({ exp: _, ...c }) => c],
    ['no subject', ({ sub: _, ...c }) => c],
  ])('refuses %s', async (_, edit) => {
    await expect(verify(await sign(edit(valid())))).rejects.toMatchObject({ code: 'oauth.invalid_id_token' });
  });

  it('refuses unsigned and symmetric-key tokens', async () => {
    const [header, payload] = (await sign(valid())).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    await expect(verify(none)).rejects.toMatchObject({ code: 'oauth.invalid_id_token' });
    const hs = await new SignJWT(valid())
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .sign(new TextEncoder().encode('a shared secret of enough length!!'));
    await expect(verify(hs)).rejects.toMatchObject({ code: 'oauth.invalid_id_token' });
    await expect(verify(`${header}.${payload}.AAAA`)).rejects.toMatchObject({
      code: 'oauth.invalid_id_token',
    });
  });
});

describe('profileFromClaims', () => {
  it('maps the standard claims, trusting only a verified address', () => {
    expect(
      profileFromClaims({
        sub: '248289761001',
        email: 'Jane.Doe@Example.org',
        email_verified: true,
        given_name: 'Jane',
        family_name: 'Doe',
        preferred_username: 'j.doe',
        locale: 'en-GB',
      }),
    ).toEqual({
      subject: '248289761001',
      email: 'jane.doe@example.org',
      emailVerified: true,
      name: 'Jane Doe',
      usernameHint: 'j.doe',
      language: 'en',
    });
    expect(profileFromClaims({ sub: 'x', email: 'a@b.c', email_verified: 'true' }).emailVerified).toBe(true);
    expect(profileFromClaims({ sub: 'x', email: 'a@b.c' }).emailVerified).toBe(false);
    expect(profileFromClaims({ sub: 'x', email: 'a@b.c', email_verified: 'yes' }).emailVerified).toBe(false);
    expect(profileFromClaims({ sub: 'x', email_verified: true })).toMatchObject({
      email: null,
      emailVerified: false,
    });
  });
});
