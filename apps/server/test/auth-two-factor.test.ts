import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, json, signedInAccount, type TestAccount } from './support/accounts.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
const secrets: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  const logs = server.rawLogs();
  for (const secret of secrets) {
    // A six-digit code can turn up inside any long number (a response time of 12.983474999…):
    // what must not appear is the code standing on its own.
    const alone = /^\d+$/.test(secret) ? new RegExp(`(?<![\\d.])${secret}(?![\\d])`) : null;
    if (alone) expect(logs).not.toMatch(alone);
    else expect(logs).not.toContain(secret);
  }
  await server?.close();
});

/** A code from an independent TOTP implementation, `steps` time steps from now. */
const codeAt = (secret: string, steps = 0) =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

async function enableTwoFactor(account: TestAccount) {
  const setup = await server.request('/api/v1/me/2fa/setup', bearer(account.accessToken, { method: 'POST' }));
  expect(setup.status).toBe(200);
  const { secret, otpauthUri } = (await setup.json()) as { secret: string; otpauthUri: string };
  const uri = new URL(otpauthUri);
  expect(uri.protocol).toBe('otpauth:');
  expect(uri.host).toBe('totp');
  expect(uri.searchParams.get('secret')).toBe(secret);
  expect(uri.searchParams.get('issuer')).toBe('Beseda');

  const code = codeAt(secret);
  const enabled = await server.request('/api/v1/me/2fa/enable', bearer(account.accessToken, json({ code })));
  expect(enabled.status).toBe(200);
  const { recoveryCodes } = (await enabled.json()) as { recoveryCodes: string[] };
  expect(recoveryCodes).toHaveLength(10);
  secrets.push(secret, code, ...recoveryCodes);
  return { secret, recoveryCodes };
}

async function startLogin(account: TestAccount) {
  const response = await server.request(
    '/api/v1/auth/login',
    json({ login: account.username, password: account.password }),
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as { mfaRequired: boolean; mfaToken: string; accessToken?: string };
  expect(body.mfaRequired).toBe(true);
  expect(body.accessToken).toBeUndefined();
  secrets.push(body.mfaToken);
  return body.mfaToken;
}

const finish = (mfaToken: string, code: string) =>
  server.request('/api/v1/auth/login/totp', json({ mfaToken, code }));

describe('two-factor authentication', () => {
  it('is not enabled by a wrong code', async () => {
    const account = await signedInAccount(server);
    await server.request('/api/v1/me/2fa/setup', bearer(account.accessToken, { method: 'POST' }));
    const response = await server.request(
      '/api/v1/me/2fa/enable',
      bearer(account.accessToken, json({ code: '000000' })),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('auth.invalid_mfa_code');
  });

  it('asks for a code after the password, and accepts each code only once', async () => {
    const account = await signedInAccount(server);
    const { secret } = await enableTwoFactor(account);

    const mfaToken = await startLogin(account);
    const code = codeAt(secret, 1);
    const done = await finish(mfaToken, code);
    expect(done.status).toBe(200);
    const tokens = (await done.json()) as { accessToken: string };
    expect((await server.request('/api/v1/me', bearer(tokens.accessToken))).status).toBe(200);

    // The challenge is single-use, and so is the code, even in a fresh sign-in.
    expect((await finish(mfaToken, code)).status).toBe(401);
    const replay = await finish(await startLogin(account), code);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('auth.invalid_mfa_code');
  });

  it('refuses codes from more than one time step away', async () => {
    const account = await signedInAccount(server);
    const { secret } = await enableTwoFactor(account);
    const mfaToken = await startLogin(account);
    expect((await finish(mfaToken, codeAt(secret, 3))).status).toBe(401);
    expect((await finish(mfaToken, codeAt(secret, -3))).status).toBe(401);
  });

  it('accepts each recovery code once instead of a code', async () => {
    const account = await signedInAccount(server);
    const { recoveryCodes } = await enableTwoFactor(account);
    const code = recoveryCodes[0]!;
    expect((await finish(await startLogin(account), code.toUpperCase())).status).toBe(200);
    expect((await finish(await startLogin(account), code)).status).toBe(401);
    expect((await finish(await startLogin(account), recoveryCodes[1]!)).status).toBe(200);
  });

  it('cannot be skipped by refreshing or by a password reset', async () => {
    const account = await signedInAccount(server);
    await enableTwoFactor(account);
    // The session from before 2FA stays valid, but a new sign-in always needs the second factor.
    const body = (await (
      await server.request('/api/v1/auth/login', json({ login: account.email, password: account.password }))
    ).json()) as Record<string, unknown>;
    expect(body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    expect((await server.request('/api/v1/auth/refresh', json({ refreshToken: body.mfaToken }))).status).toBe(
      401,
    );
  });

  it('is turned off only with the password and a current code', async () => {
    const account = await signedInAccount(server);
    const { secret } = await enableTwoFactor(account);
    const disable = (password: string, code: string) =>
      server.request('/api/v1/me/2fa/disable', bearer(account.accessToken, json({ password, code })));
    expect((await disable('wrong password!', codeAt(secret, 1))).status).toBe(401);
    expect((await disable(account.password, '123456')).status).toBe(400);
    expect((await disable(account.password, codeAt(secret, 1))).status).toBe(204);
    const login = await server.request(
      '/api/v1/auth/login',
      json({ login: account.username, password: account.password }),
    );
    expect(((await login.json()) as { mfaRequired: boolean }).mfaRequired).toBe(false);
  });

  it('is recorded in the account history', async () => {
    const account = await signedInAccount(server);
    await enableTwoFactor(account);
    const history = (await (
      await server.request('/api/v1/me/activity', bearer(account.accessToken))
    ).json()) as {
      items: Array<{ type: string }>;
    };
    expect(history.items.map((item) => item.type)).toContain('totp.enabled');
  });
});
