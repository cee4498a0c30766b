import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { linkIn, mailsTo } from './mailbox.js';
import { type TestServer } from './test-server.js';

export interface TestAccount {
  id: string;
  email: string;
  username: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

let counter = 0;

/** Fields for a new account, unique within the run; the password passes the strength policy. */
export function newAccountFields(
  overrides: Partial<Record<'email' | 'username' | 'password' | 'displayName', string>> = {},
) {
  const id = `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;
  return {
    email: `user-${id}@example.org`,
    username: `user_${id}`,
    password: `violet tractor ${id} harbour`,
    displayName: `Test User ${id}`,
    ...overrides,
  };
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export const bearer = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
});

/** Registers through the API and confirms with the link from the delivered e-mail. */
export async function registerConfirmed(server: TestServer, fields = newAccountFields()) {
  const registered = await server.request('/api/v1/auth/register', json(fields));
  expect(registered.status).toBe(202);
  const [mail] = await mailsTo(server, fields.email);
  const token = linkIn(mail!, `${server.config.publicUrl}/confirm-email?token=`).searchParams.get('token');
  const confirmed = await server.request('/api/v1/auth/confirm-email', json({ token }));
  expect(confirmed.status).toBe(204);
  return fields;
}

export async function login(server: TestServer, login: string, password: string) {
  const response = await server.request('/api/v1/auth/login', json({ login, password }));
  expect(response.status).toBe(200);
  return (await response.json()) as {
    mfaRequired: false;
    accessToken: string;
    refreshToken: string;
    sessionId: string;
  };
}

/** A confirmed, signed-in account. */
export async function signedInAccount(server: TestServer, fields = newAccountFields()): Promise<TestAccount> {
  await registerConfirmed(server, fields);
  const tokens = await login(server, fields.username, fields.password);
  const me = (await (await server.request('/api/v1/me', bearer(tokens.accessToken))).json()) as {
    id: string;
  };
  return { id: me.id, ...fields, ...tokens };
}
