import { expect } from 'vitest';
import { bearer } from './accounts.js';
import { Browser, type Landing } from './browser.js';
import { type TestIdp } from './oidc-provider.js';
import { type TestServer } from './test-server.js';

type NavigateOptions = Parameters<Browser['navigate']>[1];

/** A page of the web app (not the API): where the server hands the browser over to the client. */
export const webAppPage = (server: TestServer) => (next: URL) =>
  next.origin === new URL(server.config.publicUrl).origin && !next.pathname.startsWith('/api/');

/** Goes through the provider's development login and consent pages as `subject`. */
export async function passProviderPages(
  browser: Browser,
  idp: TestIdp,
  page: Landing,
  subject: string,
  options: NavigateOptions,
): Promise<Landing> {
  while (page.status === 200 && page.url.origin === new URL(idp.issuer).origin) {
    if (page.html.includes('name="login"')) {
      page = await browser.submit(page, { prompt: 'login', login: subject, password: 'any' }, options);
    } else if (page.html.includes('value="consent"')) {
      page = await browser.submit(page, { prompt: 'consent' }, options);
    } else {
      throw new Error(`unexpected provider page ${page.url.href}: ${page.html.slice(0, 300)}`);
    }
  }
  expect([302, 303], `${page.url.href} ${page.html.slice(0, 300)}`).toContain(page.status);
  return page;
}

/**
 * The whole browser round trip from Beseda's start endpoint through the provider and back.
 * Resolves where Beseda finally sends the browser (or the hop matching `stopBefore`).
 */
export async function signInThroughIdp(
  server: TestServer,
  idp: TestIdp,
  subject: string,
  {
    browser = new Browser(),
    next,
    stopBefore,
  }: { browser?: Browser; next?: string; stopBefore?: (next: URL) => boolean } = {},
) {
  const options = { handOff: webAppPage(server), stopBefore };
  const query = next === undefined ? '' : `?next=${encodeURIComponent(next)}`;
  const first = await browser.navigate(`${server.url}/api/v1/auth/oauth/oidc/start${query}`, options);
  const landing = await passProviderPages(browser, idp, first, subject, options);
  return { browser, landing: landing.url };
}

/** A GET as the holder of `accessToken`, its JSON body. */
export async function getAs<T>(server: TestServer, accessToken: string, path: string): Promise<T> {
  return (await (await server.request(path, bearer(accessToken))).json()) as T;
}

export interface ActivityEvent {
  type: string;
  success: boolean;
  details: Record<string, unknown>;
}

export const activityOf = async (server: TestServer, accessToken: string) =>
  (await getAs<{ items: ActivityEvent[] }>(server, accessToken, '/api/v1/me/activity')).items;

/** The access token the web app gets on load, from the refresh cookie only (never in a body). */
export async function accessTokenFromCookie(server: TestServer, browser: Browser): Promise<string> {
  const refreshed = await refreshWithCookie(server, browser);
  expect(refreshed.status).toBe(200);
  const body = (await refreshed.json()) as { accessToken: string; refreshToken?: string };
  expect(body.refreshToken).toBeUndefined();
  return body.accessToken;
}

/** What the web app does on load: a silent refresh with the HttpOnly cookie. */
export async function refreshWithCookie(server: TestServer, browser: Browser) {
  return browser.request(`${server.url}/api/v1/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-token-delivery': 'cookie' },
    body: '{}',
  });
}

export const errorOf = (landing: URL) => ({
  path: landing.pathname,
  error: landing.searchParams.get('error'),
});
