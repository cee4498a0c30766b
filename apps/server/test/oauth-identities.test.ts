import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, signedInAccount, type TestAccount } from './support/accounts.js';
import { Browser } from './support/browser.js';
import { freePorts, startOidcProvider, type TestIdp } from './support/oidc-provider.js';
import {
  accessTokenFromCookie,
  activityOf,
  errorOf,
  getAs,
  passProviderPages,
  signInThroughIdp,
  webAppPage,
} from './support/sso.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
/** An installation nobody has registered with yet. */
let freshServer: TestServer;
let idp: TestIdp;

const callbackAt = (port: number) => `http://127.0.0.1:${port}/api/v1/auth/oauth/oidc/callback`;

function startWithIdp(port: number) {
  return startTestServer({
    env: {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
    },
  });
}

beforeAll(async () => {
  const [port, freshPort] = (await freePorts(2)) as [number, number];
  idp = await startOidcProvider({ redirectUris: [callbackAt(port), callbackAt(freshPort)] });
  [server, freshServer] = await Promise.all([startWithIdp(port), startWithIdp(freshPort)]);
  await signedInAccount(server);
});

afterAll(async () => {
  await server?.close();
  await freshServer?.close();
  await idp?.close();
});

interface IdentityDto {
  id: string;
  provider: string;
  email: string | null;
}

const identitiesOf = async (accessToken: string) =>
  (await getAs<{ items: IdentityDto[] }>(server, accessToken, '/api/v1/me/identities')).items;

const unlink = (accessToken: string, id: string) =>
  server.request(`/api/v1/me/identities/${id}`, bearer(accessToken, { method: 'DELETE' }));

/** What the settings page does: ask for the provider's page, then navigate the browser there. */
async function linkFromSettings(account: { accessToken: string }, subject: string, browser = new Browser()) {
  const started = await browser.request(
    `${server.url}/api/v1/me/identities/oidc/link`,
    bearer(account.accessToken, { method: 'POST' }),
  );
  expect(started.status).toBe(200);
  const { url } = (await started.json()) as { url: string };
  expect(new URL(url).origin).toBe(idp.issuer);
  const options = { handOff: webAppPage(server) };
  const page = await browser.navigate(url, options);
  return (await passProviderPages(browser, idp, page, subject, options)).url;
}

async function tokenAfterSignIn(subject: string) {
  const { browser, landing } = await signInThroughIdp(server, idp, subject);
  expect(landing.href).toBe(`${server.config.publicUrl}/`);
  return accessTokenFromCookie(server, browser);
}

const idOf = async (accessToken: string) =>
  (await getAs<{ id: string }>(server, accessToken, '/api/v1/me')).id;

describe('linking identity providers from the settings', () => {
  it('attaches the identity to the signed-in account, which can then sign in with it', async () => {
    const account = await signedInAccount(server);
    // The provider's address need not be the account's: the user proved both sides.
    const subject = idp.addAccount({ email: 'someone.else@corp.example' });
    const landing = await linkFromSettings(account, subject);
    expect(landing.href).toBe(`${server.config.publicUrl}/settings/security?linked=oidc`);

    expect(await identitiesOf(account.accessToken)).toEqual([
      {
        id: expect.any(String),
        provider: 'oidc',
        email: 'someone.else@corp.example',
        createdAt: expect.any(String),
      },
    ]);
    expect(await activityOf(server, account.accessToken)).toContainEqual(
      expect.objectContaining({ type: 'identity.linked', success: true }),
    );

    expect(await idOf(await tokenAfterSignIn(subject))).toBe(account.id);
  });

  it('refuses an identity that belongs to another account', async () => {
    const subject = idp.addAccount({ email: 'taken@corp.example' });
    const ownerToken = await tokenAfterSignIn(subject);
    const other = await signedInAccount(server);
    const landing = await linkFromSettings(other, subject);
    expect(errorOf(landing)).toEqual({ path: '/login', error: 'oauth.identity_in_use' });
    expect(await identitiesOf(other.accessToken)).toEqual([]);
    expect(await identitiesOf(ownerToken)).toHaveLength(1);
    expect(await activityOf(server, other.accessToken)).toContainEqual(
      expect.objectContaining({
        type: 'identity.linked',
        success: false,
        details: { provider: 'oidc', reason: 'oauth.identity_in_use' },
      }),
    );
  });

  it('needs a signed-in caller and an enabled provider', async () => {
    const account = await signedInAccount(server);
    expect((await server.request('/api/v1/me/identities/oidc/link', { method: 'POST' })).status).toBe(401);
    const google = await server.request(
      '/api/v1/me/identities/google/link',
      bearer(account.accessToken, { method: 'POST' }),
    );
    expect(google.status).toBe(404);
    expect(((await google.json()) as { error: { code: string } }).error.code).toBe(
      'oauth.provider_not_enabled',
    );
    const unknown = await server.request(
      '/api/v1/me/identities/myspace/link',
      bearer(account.accessToken, { method: 'POST' }),
    );
    expect(unknown.status).toBe(400);
  });

  it('answers a sign-in with a provider that is not enabled with a redirect, not JSON', async () => {
    for (const provider of ['github', 'myspace']) {
      const response = await fetch(`${server.url}/api/v1/auth/oauth/${provider}/start`, {
        redirect: 'manual',
      });
      expect(response.status).toBe(302);
      expect(errorOf(new URL(response.headers.get('location')!))).toEqual({
        path: '/login',
        error: 'oauth.provider_not_enabled',
      });
      const callback = await fetch(`${server.url}/api/v1/auth/oauth/${provider}/callback?code=x&state=y`, {
        redirect: 'manual',
      });
      expect(callback.status).toBe(302);
    }
  });
});

describe('a new installation', () => {
  it('creates no account through a provider until its owner registered with a password', async () => {
    const subject = idp.addAccount({ email: 'early.bird@corp.example' });
    const { landing } = await signInThroughIdp(freshServer, idp, subject);
    expect(errorOf(landing)).toEqual({ path: '/login', error: 'oauth.setup_required' });
    await signedInAccount(freshServer);
    const again = await signInThroughIdp(freshServer, idp, subject);
    expect(again.landing.href).toBe(`${freshServer.config.publicUrl}/`);
  });
});

describe('unlinking identity providers', () => {
  async function providerOnlyAccount() {
    const subject = idp.addAccount({ email: `only-${Math.random().toString(36).slice(2)}@corp.example` });
    return { subject, accessToken: await tokenAfterSignIn(subject) };
  }

  it('keeps the only way into an account without a password', async () => {
    const { accessToken } = await providerOnlyAccount();
    const [identity] = await identitiesOf(accessToken);
    const refused = await unlink(accessToken, identity!.id);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'identity.last_sign_in_method',
    );
    expect(await identitiesOf(accessToken)).toHaveLength(1);
  });

  it('removes one of two identities, then keeps the last', async () => {
    const { accessToken } = await providerOnlyAccount();
    const second = idp.addAccount({ email: `second-${Math.random().toString(36).slice(2)}@corp.example` });
    expect((await linkFromSettings({ accessToken }, second)).searchParams.get('linked')).toBe('oidc');
    const [first, other] = await identitiesOf(accessToken);
    expect((await unlink(accessToken, first!.id)).status).toBe(204);
    expect((await unlink(accessToken, other!.id)).status).toBe(409);
    expect((await identitiesOf(accessToken)).map((i) => i.id)).toEqual([other!.id]);
  });

  it('removes the identity of an account with a password, and records it', async () => {
    const account: TestAccount = await signedInAccount(server);
    const subject = idp.addAccount({ email: `pw-${Math.random().toString(36).slice(2)}@corp.example` });
    await linkFromSettings(account, subject);
    const [identity] = await identitiesOf(account.accessToken);
    expect((await unlink(account.accessToken, identity!.id)).status).toBe(204);
    expect(await identitiesOf(account.accessToken)).toEqual([]);
    expect(await activityOf(server, account.accessToken)).toContainEqual(
      expect.objectContaining({
        type: 'identity.unlinked',
        details: { provider: 'oidc', identityId: identity!.id },
      }),
    );
    // Once unlinked, the identity no longer leads into this account.
    expect(await idOf(await tokenAfterSignIn(subject))).not.toBe(account.id);
  });

  it('treats another account’s identity as not found', async () => {
    const { accessToken } = await providerOnlyAccount();
    const [identity] = await identitiesOf(accessToken);
    const stranger = await signedInAccount(server);
    const response = await unlink(stranger.accessToken, identity!.id);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('identity.not_found');
    expect(await identitiesOf(accessToken)).toHaveLength(1);
  });
});
