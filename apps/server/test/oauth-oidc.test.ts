import { eq } from 'drizzle-orm';
import { generateSync } from 'otplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema/index.js';
import { Database } from '../src/infra/db/database.js';
import { bearer, json, signedInAccount } from './support/accounts.js';
import { Browser } from './support/browser.js';
import { freePorts, startOidcProvider, type TestIdp } from './support/oidc-provider.js';
import {
  accessTokenFromCookie,
  activityOf,
  errorOf,
  getAs,
  signInThroughIdp,
  webAppPage,
} from './support/sso.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let idp: TestIdp;

beforeAll(async () => {
  const [port] = await freePorts(1);
  const publicUrl = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider({ redirectUris: [`${publicUrl}/api/v1/auth/oauth/oidc/callback`] });
  server = await startTestServer({
    env: {
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_DISPLAY_NAME: 'Staff SSO',
    },
  });
  // The installation's owner: provider sign-ups are refused until it exists.
  await signedInAccount(server);
});

afterEach(() => idp.tamper(null));

afterAll(async () => {
  if (server) expect(server.rawLogs()).not.toContain(idp.clientSecret);
  await server?.close();
  await idp?.close();
});

type Session = { authMethod: string; current: boolean };

const accessTokenOf = (browser: Browser) => accessTokenFromCookie(server, browser);
const me = (accessToken: string) => getAs<Record<string, unknown>>(server, accessToken, '/api/v1/me');

describe('sign-in with an OpenID Connect provider', () => {
  it('lists the provider under its configured name', async () => {
    const response = await server.request('/api/v1/auth/providers');
    expect(await response.json()).toEqual({ items: [{ id: 'oidc', name: 'Staff SSO' }] });
  });

  it('sends the browser to the provider with PKCE, state and nonce, bound by a Lax cookie', async () => {
    const browser = new Browser();
    const response = await browser.request(`${server.url}/api/v1/auth/oauth/oidc/start?next=/chats`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin).toBe(idp.issuer);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: idp.clientId,
      redirect_uri: `${server.config.publicUrl}/api/v1/auth/oauth/oidc/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{43}$/),
      nonce: expect.stringMatching(/^[\w-]{43}$/),
    });
    const cookie = browser.cookie(server.url, 'beseda_oauth_state');
    expect(cookie).toMatchObject({ value: location.searchParams.get('state'), httpOnly: true });
    expect(cookie?.sameSite?.toLowerCase()).toBe('lax');
    expect(cookie?.path).toBe('/api/v1/auth/oauth');
  });

  it('creates a confirmed account on first sign-in and restores the session with the refresh cookie', async () => {
    const subject = idp.addAccount({
      email: 'Anna.Ivanova@corp.example',
      name: 'Anna Ivanova',
      preferredUsername: 'anna.ivanova',
    });
    const { browser, landing } = await signInThroughIdp(server, idp, subject, {
      next: '/chats/42?tab=files',
    });
    expect(landing.href).toBe(`${server.config.publicUrl}/chats/42?tab=files`);
    expect(browser.cookie(server.url, 'beseda_oauth_state')).toBeUndefined();
    const refreshCookie = browser.setCookieHeaders.find((header) => header.startsWith('beseda_refresh='));
    expect(refreshCookie).toMatch(/HttpOnly/i);
    expect(refreshCookie).toMatch(/SameSite=Strict/i);
    expect(refreshCookie).toMatch(/Path=\/api\/v1\/auth(;|$)/);

    const accessToken = await accessTokenOf(browser);
    expect(await me(accessToken)).toMatchObject({
      email: 'anna.ivanova@corp.example',
      username: 'anna.ivanova',
      displayName: 'Anna Ivanova',
      role: 'member',
    });
    const sessions = await getAs<{ items: Session[] }>(server, accessToken, '/api/v1/me/sessions');
    expect(sessions.items.map((s) => s.authMethod)).toEqual(['oauth:oidc']);
    expect(await getAs(server, accessToken, '/api/v1/me/identities')).toEqual({
      items: [
        {
          id: expect.any(String),
          provider: 'oidc',
          email: 'anna.ivanova@corp.example',
          createdAt: expect.any(String),
        },
      ],
    });
    const activity = await activityOf(server, accessToken);
    expect(activity).toContainEqual(
      expect.objectContaining({ type: 'register', details: { method: 'oauth:oidc' } }),
    );
    expect(activity).toContainEqual(
      expect.objectContaining({
        type: 'login',
        success: true,
        details: expect.objectContaining({ method: 'oauth:oidc' }),
      }),
    );

    // The same identity later, in another browser, is the same account.
    const again = await signInThroughIdp(server, idp, subject);
    expect(again.landing.href).toBe(`${server.config.publicUrl}/`);
    expect((await me(await accessTokenOf(again.browser))).id).toBe((await me(accessToken)).id);
  });

  it('lands only on paths of this site', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'chats']) {
      const subject = idp.addAccount({ email: `next-${Math.random().toString(36).slice(2)}@corp.example` });
      const { landing } = await signInThroughIdp(server, idp, subject, { next });
      expect(landing.href, next).toBe(`${server.config.publicUrl}/`);
    }
  });

  it('refuses a callback without the state cookie, with another browser’s, or a second time', async () => {
    const subject = idp.addAccount({ email: 'state@corp.example' });
    const atCallback = (next: URL) => next.pathname.endsWith('/oauth/oidc/callback');
    const { browser, landing: callback } = await signInThroughIdp(server, idp, subject, {
      stopBefore: atCallback,
    });

    const planted = await fetch(callback, { redirect: 'manual' });
    expect(errorOf(new URL(planted.headers.get('location')!))).toEqual({
      path: '/login',
      error: 'oauth.invalid_state',
    });
    const otherBrowser = new Browser();
    await otherBrowser.request(`${server.url}/api/v1/auth/oauth/oidc/start`);
    const crossed = await otherBrowser.navigate(callback, { handOff: webAppPage(server) });
    expect(errorOf(crossed.url)).toEqual({ path: '/login', error: 'oauth.invalid_state' });

    // Neither refusal used the attempt up: its own browser still completes it, once.
    const state = browser.cookie(server.url, 'beseda_oauth_state')!.value;
    const done = await browser.navigate(callback, { handOff: webAppPage(server) });
    expect(done.url.href).toBe(`${server.config.publicUrl}/`);
    const replay = await fetch(callback, {
      redirect: 'manual',
      headers: { cookie: `beseda_oauth_state=${state}` },
    });
    expect(errorOf(new URL(replay.headers.get('location')!))).toEqual({
      path: '/login',
      error: 'oauth.invalid_state',
    });
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('beseda_refresh='))).toBe(false);
  });

  it('refuses an answer that names another issuer (mix-up)', async () => {
    const subject = idp.addAccount({ email: 'mixup@corp.example' });
    const atCallback = (next: URL) => next.pathname.endsWith('/oauth/oidc/callback');
    const { browser, landing: callback } = await signInThroughIdp(server, idp, subject, {
      stopBefore: atCallback,
    });
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    callback.searchParams.set('iss', 'https://other-idp.example');
    const landed = await browser.navigate(callback, { handOff: webAppPage(server) });
    expect(errorOf(landed.url)).toEqual({ path: '/login', error: 'oauth.invalid_state' });
  });

  it('reports a sign-in cancelled at the provider', async () => {
    const browser = new Browser();
    const loginPage = await browser.navigate(`${server.url}/api/v1/auth/oauth/oidc/start`);
    expect(loginPage.url.pathname).toMatch(/^\/interaction\//);
    const landed = await browser.navigate(`${loginPage.url.href}/abort`, { handOff: webAppPage(server) });
    expect(errorOf(landed.url)).toEqual({ path: '/login', error: 'oauth.denied' });
  });

  it.each([
    [
      'another issuer',
      (claims: Record<string, unknown>) => ({ ...claims, iss: 'http://127.0.0.1:9/other-idp' }),
    ],
    ['another audience', (claims: Record<string, unknown>) => ({ ...claims, aud: 'someone-else' })],
    [
      'several audiences without us as azp',
      (claims: Record<string, unknown>) => ({ ...claims, aud: [idp.clientId, 'other'], azp: 'other' }),
    ],
    ['another nonce', (claims: Record<string, unknown>) => ({ ...claims, nonce: 'replayed' })],
    [
      'an expired token',
      (claims: Record<string, unknown>) => ({ ...claims, exp: Math.floor(Date.now() / 1000) - 600 }),
    ],
  ])('refuses an ID token for %s, though signed by the provider', async (_, edit) => {
    idp.tamper(edit);
    const { browser, landing } = await signInThroughIdp(
      server,
      idp,
      idp.addAccount({ email: 'x@corp.example' }),
    );
    expect(errorOf(landing)).toEqual({ path: '/login', error: 'oauth.invalid_id_token' });
    expect(browser.cookie(server.url, 'beseda_refresh')).toBeUndefined();
  });

  it('refuses an ID token signed with a key the provider does not publish', async () => {
    // Control: re-signing unchanged claims with the provider's own key is accepted.
    idp.tamper((claims) => claims);
    const control = await signInThroughIdp(server, idp, idp.addAccount({ email: 'resigned@corp.example' }));
    expect(control.landing.href).toBe(`${server.config.publicUrl}/`);

    idp.tamper((claims) => claims, { signWithForeignKey: true });
    const { landing } = await signInThroughIdp(server, idp, idp.addAccount({ email: 'y@corp.example' }));
    expect(errorOf(landing)).toEqual({ path: '/login', error: 'oauth.invalid_id_token' });
  });

  it('does not link an identity to an existing account by its e-mail address', async () => {
    const owner = await signedInAccount(server);
    const subject = idp.addAccount({ email: owner.email.toUpperCase() });
    const { browser, landing } = await signInThroughIdp(server, idp, subject);
    expect(errorOf(landing)).toEqual({ path: '/login', error: 'oauth.account_exists' });
    expect(browser.cookie(server.url, 'beseda_refresh')).toBeUndefined();
    expect(await getAs(server, owner.accessToken, '/api/v1/me/identities')).toEqual({ items: [] });
    expect(await activityOf(server, owner.accessToken)).toContainEqual(
      expect.objectContaining({
        type: 'login',
        success: false,
        details: { method: 'oauth:oidc', reason: 'oauth.account_exists' },
      }),
    );
  });

  it('refuses to create an account from an unverified e-mail address', async () => {
    const subject = idp.addAccount({ email: 'unverified@corp.example', emailVerified: false });
    const { landing } = await signInThroughIdp(server, idp, subject);
    expect(errorOf(landing)).toEqual({ path: '/login', error: 'oauth.email_not_verified' });
  });

  it('refuses a blocked account and records the attempt', async () => {
    const subject = idp.addAccount({ email: 'blocked@corp.example' });
    const first = await signInThroughIdp(server, idp, subject);
    const accessToken = await accessTokenOf(first.browser);
    const { id } = await me(accessToken);
    const db = server.app.get(Database).db;
    await db
      .update(users)
      .set({ blockedAt: new Date() })
      .where(eq(users.id, String(id)));
    const { landing } = await signInThroughIdp(server, idp, subject);
    expect(errorOf(landing)).toEqual({ path: '/login', error: 'auth.account_blocked' });
    await db
      .update(users)
      .set({ blockedAt: null })
      .where(eq(users.id, String(id)));
    expect(await activityOf(server, accessToken)).toContainEqual(
      expect.objectContaining({
        type: 'login',
        success: false,
        details: { method: 'oauth:oidc', reason: 'auth.account_blocked' },
      }),
    );
  });

  it('sends a user with two-factor authentication to the code step instead of signing in', async () => {
    const subject = idp.addAccount({ email: 'totp@corp.example' });
    const first = await signInThroughIdp(server, idp, subject);
    const accessToken = await accessTokenOf(first.browser);
    const { secret } = (await (
      await server.request('/api/v1/me/2fa/setup', bearer(accessToken, { method: 'POST' }))
    ).json()) as { secret: string };
    const enabled = await server.request(
      '/api/v1/me/2fa/enable',
      bearer(accessToken, json({ code: generateSync({ secret }) })),
    );
    expect(enabled.status).toBe(200);

    const { browser, landing } = await signInThroughIdp(server, idp, subject, { next: '/chats' });
    expect(landing.pathname).toBe('/login');
    const mfaToken = landing.searchParams.get('mfa')!;
    expect(mfaToken).toMatch(/^[\w-]{43}$/);
    expect(browser.cookie(server.url, 'beseda_refresh')).toBeUndefined();
    // The web app's page is loaded with the challenge in its address; the log must not keep it.
    await (await browser.request(landing)).body?.cancel();
    expect(server.rawLogs()).toContain('mfa=[REDACTED]');
    expect(server.rawLogs()).not.toContain(mfaToken);

    const code = generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const finished = await server.request('/api/v1/auth/login/totp', json({ mfaToken, code }));
    expect(finished.status).toBe(200);
    const tokens = (await finished.json()) as { accessToken: string };
    const sessions = await getAs<{ items: Session[] }>(server, tokens.accessToken, '/api/v1/me/sessions');
    expect(sessions.items.find((s) => s.current)?.authMethod).toBe('oauth:oidc+totp');
  });
});
