import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, json, newAccountFields, registerConfirmed, signedInAccount } from './support/accounts.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

type ErrorBody = { error: { code: string; message: string; requestId?: string } };

async function attempt(loginName: string, password: string, headers: Record<string, string> = {}) {
  const response = await server.request('/api/v1/auth/login', json({ login: loginName, password }, headers));
  return { status: response.status, body: (await response.json()) as ErrorBody, headers: response.headers };
}

describe('login', () => {
  it('accepts the username or the e-mail address, in any letter case', async () => {
    const account = await registerConfirmed(server);
    for (const name of [
      account.username,
      account.username.toUpperCase(),
      account.email,
      account.email.toUpperCase(),
    ]) {
      const { status } = await attempt(name, account.password);
      expect(status).toBe(200);
    }
  });

  it('gives an unknown account the same answer as a wrong password', async () => {
    const account = await registerConfirmed(server);
    const wrongPassword = await attempt(account.username, 'not the password at all');
    const unknownUser = await attempt('nobody-by-this-name', 'not the password at all');
    const unknownEmail = await attempt('nobody@example.org', 'not the password at all');
    for (const answer of [wrongPassword, unknownUser, unknownEmail]) {
      expect(answer.status).toBe(401);
      expect({ ...answer.body.error, requestId: undefined }).toEqual({
        code: 'auth.invalid_credentials',
        message: 'The login or password is wrong',
        requestId: undefined,
      });
    }
  });

  it('gives an unconfirmed account with a wrong password the same answer as an unknown one', async () => {
    const fields = newAccountFields();
    await server.request('/api/v1/auth/register', json(fields));
    const { status, body } = await attempt(fields.username, 'not the password at all');
    expect(status).toBe(401);
    expect(body.error.code).toBe('auth.invalid_credentials');
  });

  it('limits failed attempts per account with 429 and Retry-After, even for the right password afterwards', async () => {
    const account = await registerConfirmed(server);
    for (let i = 0; i < 10; i++)
      expect((await attempt(account.username, `wrong guess ${i}`)).status).toBe(401);
    const limited = await attempt(account.username, 'wrong guess 11');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await attempt(account.username, account.password)).status).toBe(429);
    // The limit is per account: another account from the same address still signs in.
    const other = await registerConfirmed(server);
    expect((await attempt(other.username, other.password)).status).toBe(200);
  });

  it('records failed and successful sign-ins in the account history', async () => {
    const account = await signedInAccount(server);
    await attempt(account.username, 'wrong one here', { 'user-agent': 'HistoryTest/1.0' });
    const history = (await (
      await server.request('/api/v1/me/activity', bearer(account.accessToken))
    ).json()) as {
      items: Array<{ type: string; success: boolean; userAgent: string | null; ip: string | null }>;
    };
    const logins = history.items.filter((item) => item.type === 'login');
    expect(logins.map((item) => item.success)).toEqual([false, true]);
    expect(logins[0]!.userAgent).toBe('HistoryTest/1.0');
    expect(logins[0]!.ip).toBe('127.0.0.1');
  });
});

describe('deny by default', () => {
  it.each(['/api/v1/me', '/api/v1/me/sessions', '/api/v1/me/activity', '/api/v1/users'])(
    '%s needs an access token',
    async (path) => {
      const response = await server.request(path);
      expect(response.status).toBe(401);
      expect(((await response.json()) as ErrorBody).error.code).toBe('auth.unauthenticated');
    },
  );

  it('refuses a malformed Authorization header', async () => {
    for (const authorization of ['Bearer', 'Basic dXNlcjpwYXNz', 'Bearer not a token', 'bearer x.y.z']) {
      const response = await server.request('/api/v1/me', { headers: { authorization } });
      expect(response.status).toBe(401);
    }
  });
});
