import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  json,
  login,
  newAccountFields,
  registerConfirmed,
  signedInAccount,
} from './support/accounts.js';
import { findLink, linkIn, mailsTo } from './support/mailbox.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
const secrets: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  // Nothing a user typed as a secret, and no token from a link, may reach the logs.
  const logs = server.rawLogs();
  for (const secret of secrets) expect(logs).not.toContain(secret);
  await server?.close();
});

describe('registration', () => {
  it('makes the first account the owner and later ones members, each confirmed by the e-mailed link', async () => {
    const first = newAccountFields();
    secrets.push(first.password);
    expect((await server.request('/api/v1/auth/register', json(first))).status).toBe(202);

    // Not confirmed yet: the right password still does not sign in.
    const early = await server.request(
      '/api/v1/auth/login',
      json({ login: first.email, password: first.password }),
    );
    expect(early.status).toBe(403);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('auth.email_not_confirmed');

    const [mail] = await mailsTo(server, first.email);
    expect(mail!.subject).toBeTruthy();
    const link = linkIn(mail!, `${server.config.publicUrl}/confirm-email?token=`);
    const token = link.searchParams.get('token')!;
    secrets.push(token);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(mail!.html).toContain(link.toString().replaceAll('&', '&amp;'));

    expect((await server.request('/api/v1/auth/confirm-email', json({ token }))).status).toBe(204);
    const again = await server.request('/api/v1/auth/confirm-email', json({ token }));
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('auth.invalid_token');

    const owner = await login(server, first.email.toUpperCase(), first.password);
    const me = (await (await server.request('/api/v1/me', bearer(owner.accessToken))).json()) as {
      role: string;
      permissions: string[];
      email: string;
    };
    expect(me.role).toBe('owner');
    expect(me.email).toBe(first.email);
    expect(me.permissions).toContain('roles.assign');

    const second = await signedInAccount(server);
    const secondMe = (await (await server.request('/api/v1/me', bearer(second.accessToken))).json()) as {
      role: string;
      permissions: string[];
    };
    expect(secondMe.role).toBe('member');
    expect(secondMe.permissions).not.toContain('roles.assign');
  });

  it.each([
    ['role', { role: 'owner' }],
    ['isAdmin', { isAdmin: true }],
    ['emailConfirmedAt', { emailConfirmedAt: '2020-01-01T00:00:00Z' }],
  ])('rejects the privileged field %s', async (field, extra) => {
    const response = await server.request('/api/v1/auth/register', json({ ...newAccountFields(), ...extra }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: Array<{ path: string }> } };
    expect(body.error.code).toBe('validation.failed');
    expect(body.error.details.map((detail) => detail.path)).toContain(`body.${field}`);
  });

  it.each(['password', 'qwerty123', '12345678', 'P@ssw0rd'])(
    'refuses the common password %s',
    async (password) => {
      const response = await server.request('/api/v1/auth/register', json(newAccountFields({ password })));
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('auth.weak_password');
    },
  );

  it('refuses passwords shorter than 8 or longer than 128 characters', async () => {
    for (const password of ['short1!', 'x'.repeat(129)]) {
      const response = await server.request('/api/v1/auth/register', json(newAccountFields({ password })));
      expect(response.status).toBe(400);
    }
  });

  it('refuses a username taken in another letter case', async () => {
    const taken = await registerConfirmed(server);
    const response = await server.request(
      '/api/v1/auth/register',
      json(newAccountFields({ username: taken.username.toUpperCase() })),
    );
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('auth.username_taken');
  });

  it('answers a taken e-mail address exactly like a free one, and tells its owner by e-mail', async () => {
    const owner = await registerConfirmed(server);
    const response = await server.request(
      '/api/v1/auth/register',
      json(newAccountFields({ email: owner.email.toUpperCase() })),
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ confirmationRequired: true });
    const mails = await mailsTo(server, owner.email, 2);
    expect(findLink(mails, `${server.config.publicUrl}/forgot-password`)).toBeTruthy();
  });

  it('sends the confirmation again on request, and only the newest link works', async () => {
    const fields = newAccountFields();
    await server.request('/api/v1/auth/register', json(fields));
    const [first] = await mailsTo(server, fields.email);
    expect(
      (await server.request('/api/v1/auth/resend-confirmation', json({ email: fields.email }))).status,
    ).toBe(202);
    const mails = await mailsTo(server, fields.email, 2);
    const oldToken = linkIn(first!, `${server.config.publicUrl}/confirm-email?token=`).searchParams.get(
      'token',
    );
    const newToken = linkIn(mails[1]!, `${server.config.publicUrl}/confirm-email?token=`).searchParams.get(
      'token',
    );
    expect((await server.request('/api/v1/auth/confirm-email', json({ token: oldToken }))).status).toBe(400);
    expect((await server.request('/api/v1/auth/confirm-email', json({ token: newToken }))).status).toBe(204);
  });

  it('answers a resend for an unknown address like a known one', async () => {
    const response = await server.request(
      '/api/v1/auth/resend-confirmation',
      json({ email: 'nobody@example.org' }),
    );
    expect(response.status).toBe(202);
  });
});
