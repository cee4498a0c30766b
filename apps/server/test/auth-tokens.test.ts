import { createHmac } from 'node:crypto';
import { importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingKeys } from '../src/db/schema/index.js';
import { Database } from '../src/infra/db/database.js';
import { ACCESS_TOKEN_AUDIENCE } from '../src/modules/auth/tokens/access-tokens.js';
import { bearer, json, login, signedInAccount, type TestAccount } from './support/accounts.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let account: TestAccount;
let key: { kid: string; privateJwk: JWK; publicJwk: JWK };

beforeAll(async () => {
  server = await startTestServer();
  account = await signedInAccount(server);
  const [row] = await server.app.get(Database).db.select().from(signingKeys).limit(1);
  key = { kid: row!.kid, privateJwk: row!.privateJwk as JWK, publicJwk: row!.publicJwk as JWK };
});

afterAll(async () => {
  await server?.close();
});

const me = (token: string) => server.request('/api/v1/me', bearer(token));
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token signed with the server's real key, with any claim or header changed. */
async function forge(
  options: {
    header?: Record<string, unknown>;
    claims?: Record<string, unknown>;
    expiresIn?: string | number;
  } = {},
) {
  const privateKey = await importJWK(key.privateJwk, 'EdDSA');
  const jwt = new SignJWT({
    sid: account.sessionId,
    iss: server.config.publicUrl,
    aud: ACCESS_TOKEN_AUDIENCE,
    sub: account.id,
    ...options.claims,
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt', ...options.header })
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m');
  return jwt.sign(privateKey);
}

describe('access tokens', () => {
  it('work when signed by the server with everything right (control for the suite below)', async () => {
    expect((await me(await forge())).status).toBe(200);
    expect((await me(account.accessToken)).status).toBe(200);
  });

  it('are refused with alg "none"', async () => {
    const token = `${base64url({ alg: 'none', typ: 'at+jwt', kid: key.kid })}.${base64url({
      sub: account.id,
      sid: account.sessionId,
      iss: server.config.publicUrl,
      aud: ACCESS_TOKEN_AUDIENCE,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 300,
    })}.`;
    expect((await me(token)).status).toBe(401);
  });

  it('are refused when HS256-signed with the public key as the secret (algorithm confusion)', async () => {
    const header = base64url({ alg: 'HS256', typ: 'at+jwt', kid: key.kid });
    const payload = base64url({
      sub: account.id,
      sid: account.sessionId,
      iss: server.config.publicUrl,
      aud: ACCESS_TOKEN_AUDIENCE,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 300,
    });
    for (const secret of [JSON.stringify(key.publicJwk), String(key.publicJwk.x)]) {
      const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      expect((await me(`${header}.${payload}.${signature}`)).status).toBe(401);
    }
  });

  it.each([
    ['a wrong audience', { claims: { aud: 'someone-else' } }],
    ['a wrong issuer', { claims: { iss: 'https://evil.example' } }],
    ['a wrong type', { header: { typ: 'JWT' } }],
    ['an unknown key id', { header: { kid: 'no-such-key' } }],
    ['no session id', { claims: { sid: undefined } }],
  ])('are refused with %s', async (_, options) => {
    expect((await me(await forge(options))).status).toBe(401);
  });

  it('are refused once expired', async () => {
    const token = await forge({ expiresIn: Math.floor(Date.now() / 1000) - 10 });
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
  });

  it('are refused when the payload was tampered with', async () => {
    const [header, payload, signature] = account.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = base64url({ ...claims, sub: '00000000-0000-7000-8000-000000000000' });
    expect((await me(`${header}.${tampered}.${signature}`)).status).toBe(401);
  });
});

describe('refresh tokens', () => {
  const refresh = (refreshToken: string) => server.request('/api/v1/auth/refresh', json({ refreshToken }));

  it('rotate on every use', async () => {
    const user = await signedInAccount(server);
    const first = await refresh(user.refreshToken);
    expect(first.status).toBe(200);
    const pair = (await first.json()) as { accessToken: string; refreshToken: string; sessionId: string };
    expect(pair.refreshToken).not.toBe(user.refreshToken);
    expect(pair.sessionId).toBe(user.sessionId);
    expect((await me(pair.accessToken)).status).toBe(200);
    expect((await refresh(pair.refreshToken)).status).toBe(200);
  });

  it('revoke the whole session when an already-rotated token is presented again', async () => {
    const user = await signedInAccount(server);
    const next = (await (await refresh(user.refreshToken)).json()) as {
      accessToken: string;
      refreshToken: string;
    };

    const reuse = await refresh(user.refreshToken);
    expect(reuse.status).toBe(401);
    expect(((await reuse.json()) as { error: { code: string } }).error.code).toBe(
      'auth.refresh_token_reused',
    );

    // The legitimate holder's newer token and access token die with the session.
    expect((await refresh(next.refreshToken)).status).toBe(401);
    expect((await me(next.accessToken)).status).toBe(401);
    expect((await me(user.accessToken)).status).toBe(401);
  });

  it('let only one of two concurrent refreshes with the same token succeed', async () => {
    const user = await signedInAccount(server);
    const statuses = (await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)])).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([200, 401]);
  });

  it('are refused when unknown', async () => {
    const response = await refresh('x'.repeat(43));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'auth.invalid_refresh_token',
    );
  });

  it('stop working after logout, and so does the access token', async () => {
    const user = await signedInAccount(server);
    expect(
      (await server.request('/api/v1/auth/logout', json({ refreshToken: user.refreshToken }))).status,
    ).toBe(204);
    expect((await refresh(user.refreshToken)).status).toBe(401);
    expect((await me(user.accessToken)).status).toBe(401);
  });
});

describe('the browser cookie', () => {
  const cookieHeaders = { 'x-token-delivery': 'cookie' };

  function refreshCookieOf(response: Response): string {
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('beseda_refresh='));
    expect(cookie).toBeTruthy();
    return cookie!;
  }

  it('carries the refresh token HttpOnly, SameSite=Strict, scoped to the auth path, never the body', async () => {
    const user = await signedInAccount(server);
    const response = await server.request(
      '/api/v1/auth/login',
      json({ login: user.username, password: user.password }, cookieHeaders),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('refreshToken');
    const cookie = refreshCookieOf(response);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    expect(cookie).toMatch(/Secure/i);
  });

  it('is only honoured with the anti-CSRF header and a same-origin Origin', async () => {
    const user = await signedInAccount(server);
    const loggedIn = await server.request(
      '/api/v1/auth/login',
      json({ login: user.username, password: user.password }, cookieHeaders),
    );
    const cookie = refreshCookieOf(loggedIn).split(';')[0]!;

    const noHeader = await server.request('/api/v1/auth/refresh', json({}, { cookie }));
    expect(noHeader.status).toBe(403);
    expect(((await noHeader.json()) as { error: { code: string } }).error.code).toBe('auth.csrf_rejected');

    const foreign = await server.request(
      '/api/v1/auth/refresh',
      json({}, { cookie, ...cookieHeaders, origin: 'https://evil.example' }),
    );
    expect(foreign.status).toBe(403);

    const sameOrigin = await server.request(
      '/api/v1/auth/refresh',
      json({}, { cookie, ...cookieHeaders, origin: new URL(server.config.publicUrl).origin }),
    );
    expect(sameOrigin.status).toBe(200);
    expect(refreshCookieOf(sameOrigin)).not.toContain(cookie);
  });
});

describe('sessions', () => {
  it("list the caller's own, marking the current one", async () => {
    const user = await signedInAccount(server);
    const second = await login(server, user.username, user.password);
    const list = (await (await server.request('/api/v1/me/sessions', bearer(second.accessToken))).json()) as {
      items: Array<{ id: string; current: boolean }>;
    };
    expect(list.items.map((item) => item.id).sort()).toEqual([user.sessionId, second.sessionId].sort());
    expect(list.items.find((item) => item.current)?.id).toBe(second.sessionId);
  });

  it("can be revoked one by one, which kills that session's tokens at once", async () => {
    const user = await signedInAccount(server);
    const other = await login(server, user.username, user.password);
    const response = await server.request(
      `/api/v1/me/sessions/${other.sessionId}`,
      bearer(user.accessToken, { method: 'DELETE' }),
    );
    expect(response.status).toBe(204);
    expect((await me(other.accessToken)).status).toBe(401);
    expect(
      (await server.request('/api/v1/auth/refresh', json({ refreshToken: other.refreshToken }))).status,
    ).toBe(401);
    expect((await me(user.accessToken)).status).toBe(200);
  });

  it('of someone else cannot be listed or revoked, even by guessing the id', async () => {
    const alice = await signedInAccount(server);
    const bob = await signedInAccount(server);
    const attack = await server.request(
      `/api/v1/me/sessions/${bob.sessionId}`,
      bearer(alice.accessToken, { method: 'DELETE' }),
    );
    expect(attack.status).toBe(404);
    expect(((await attack.json()) as { error: { code: string } }).error.code).toBe('session.not_found');
    expect((await me(bob.accessToken)).status).toBe(200);
    const list = (await (await server.request('/api/v1/me/sessions', bearer(alice.accessToken))).json()) as {
      items: Array<{ id: string }>;
    };
    expect(list.items.map((item) => item.id)).not.toContain(bob.sessionId);
  });

  it('are all signed out but the current one on request', async () => {
    const user = await signedInAccount(server);
    const others = [
      await login(server, user.username, user.password),
      await login(server, user.username, user.password),
    ];
    const response = await server.request(
      '/api/v1/me/sessions/revoke-others',
      bearer(user.accessToken, { method: 'POST' }),
    );
    expect(await response.json()).toEqual({ revoked: 2 });
    for (const other of others) expect((await me(other.accessToken)).status).toBe(401);
    expect((await me(user.accessToken)).status).toBe(200);
  });
});

describe('signing key rotation', () => {
  it('is for owners only, and keeps tokens signed with the old key valid', async () => {
    const member = await signedInAccount(server);
    const denied = await server.request(
      '/api/v1/admin/signing-keys/rotate',
      bearer(member.accessToken, { method: 'POST' }),
    );
    expect(denied.status).toBe(403);

    // The first account of this server is its owner.
    const rotated = await server.request(
      '/api/v1/admin/signing-keys/rotate',
      bearer(account.accessToken, { method: 'POST' }),
    );
    expect(rotated.status).toBe(200);
    const { kid } = (await rotated.json()) as { kid: string };
    expect(kid).not.toBe(key.kid);

    expect((await me(account.accessToken)).status).toBe(200);
    const fresh = await login(server, member.username, member.password);
    const header = JSON.parse(Buffer.from(fresh.accessToken.split('.')[0]!, 'base64url').toString()) as {
      kid: string;
    };
    expect(header.kid).toBe(kid);
    expect((await me(fresh.accessToken)).status).toBe(200);
  });
});
