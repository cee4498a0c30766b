import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, json, login, signedInAccount } from './support/accounts.js';
import { findLink, mailsTo } from './support/mailbox.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
const secrets: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  const logs = server.rawLogs();
  for (const secret of secrets) expect(logs).not.toContain(secret);
  await server?.close();
});

const me = (token: string) => server.request('/api/v1/me', bearer(token));

describe('password reset', () => {
  it('sets a new password from the e-mailed link, once, and signs out every session', async () => {
    const account = await signedInAccount(server);
    secrets.push(account.password);
    expect(
      (await server.request('/api/v1/auth/forgot-password', json({ email: account.email }))).status,
    ).toBe(202);
    // The first mail to this address was the confirmation; the reset link comes in the second.
    const mails = await mailsTo(server, account.email, 2);
    const token = findLink(mails, `${server.config.publicUrl}/reset-password?token=`).searchParams.get(
      'token',
    )!;
    secrets.push(token);

    const newPassword = 'amber lighthouse over quiet bay';
    secrets.push(newPassword);
    expect(
      (await server.request('/api/v1/auth/reset-password', json({ token, password: newPassword }))).status,
    ).toBe(204);
    expect((await me(account.accessToken)).status).toBe(401);
    expect(
      (await server.request('/api/v1/auth/refresh', json({ refreshToken: account.refreshToken }))).status,
    ).toBe(401);

    const reused = await server.request(
      '/api/v1/auth/reset-password',
      json({ token, password: 'another fine passphrase 9' }),
    );
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('auth.invalid_token');

    const wrong = await server.request(
      '/api/v1/auth/login',
      json({ login: account.username, password: account.password }),
    );
    expect(wrong.status).toBe(401);
    await login(server, account.username, newPassword);
    // The owner is told their password changed.
    await mailsTo(server, account.email, 3);
  });

  it('keeps the link usable when the new password is refused as weak', async () => {
    const account = await signedInAccount(server);
    await server.request('/api/v1/auth/forgot-password', json({ email: account.email }));
    const mails = await mailsTo(server, account.email, 2);
    const token = findLink(mails, `${server.config.publicUrl}/reset-password?token=`).searchParams.get(
      'token',
    )!;
    const weak = await server.request('/api/v1/auth/reset-password', json({ token, password: 'password1' }));
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as { error: { code: string } }).error.code).toBe('auth.weak_password');
    const good = await server.request(
      '/api/v1/auth/reset-password',
      json({ token, password: 'granite owl sings at dawn' }),
    );
    expect(good.status).toBe(204);
  });

  it('answers an unknown address like a known one', async () => {
    expect(
      (await server.request('/api/v1/auth/forgot-password', json({ email: 'ghost@example.org' }))).status,
    ).toBe(202);
  });
});

describe('password change', () => {
  it('needs the current password and signs out the other sessions only', async () => {
    const account = await signedInAccount(server);
    const other = await login(server, account.username, account.password);
    const change = (currentPassword: string, newPassword: string) =>
      server.request(
        '/api/v1/me/password',
        bearer(account.accessToken, json({ currentPassword, newPassword })),
      );

    const wrong = await change('not my password', 'copper kettle whistles loudly');
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('auth.invalid_credentials');
    expect((await change(account.password, 'qwerty123')).status).toBe(400);

    expect((await change(account.password, 'copper kettle whistles loudly')).status).toBe(204);
    expect((await me(account.accessToken)).status).toBe(200);
    expect((await me(other.accessToken)).status).toBe(401);
    await login(server, account.username, 'copper kettle whistles loudly');
  });
});
