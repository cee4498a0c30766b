import { type APIRequestContext, test as base, type Browser, expect, type Page } from '@playwright/test';
import { type E2eAccount, signInThroughForm } from './accounts.js';

/** What one page received so far from one other participant (see window.__besedaCall). */
export interface Counters {
  audioPacketsReceived: number;
  cameraFramesDecoded: number;
  cameraFrameWidth: number;
  screenFramesDecoded: number;
}

export interface Person {
  account: E2eAccount;
  page: Page;
  token: string;
  userId: string;
}

export interface CreatedMeeting {
  id: string;
  code: string;
  chatId: string;
}

declare global {
  interface Window {
    __besedaCall?: { participantId: string; stats: () => Promise<Record<string, unknown>> };
  }
}

/**
 * Playwright's `test` with Chromium given a fake camera, microphone and screen that need no
 * permission prompt. Only the meetings specs use it (a worker-scoped override, so the other specs
 * keep their own browser).
 */
export const test = base.extend<object, object>({
  launchOptions: [
    async ({ launchOptions }, use) =>
      use({
        ...launchOptions,
        args: [
          ...(launchOptions.args ?? []),
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
        ],
      }),
    { scope: 'worker' },
  ],
});

/** Signs in through the form in a context of its own, and through the API for a token. */
export async function signIn(
  browser: Browser,
  request: APIRequestContext,
  account: E2eAccount,
): Promise<Person> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await signInThroughForm(page, account);
  const login = await request.post('/api/v1/auth/login', {
    data: { login: account.username, password: account.password },
  });
  expect(login.ok()).toBe(true);
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const me = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
  return { account, page, token, userId: ((await me.json()) as { id: string }).id };
}

export async function createMeeting(
  request: APIRequestContext,
  host: Person,
  body: Record<string, unknown>,
): Promise<CreatedMeeting> {
  const response = await request.post('/api/v1/meetings', {
    headers: { Authorization: `Bearer ${host.token}` },
    data: body,
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as CreatedMeeting;
}

/** Opens the join screen, waits for the camera preview, and joins (with a passcode when given). */
export async function openJoinScreen(page: Page, code: string, passcode?: string): Promise<void> {
  await page.goto(`/m/${code}`);
  const form = page.getByTestId('prejoin');
  await expect(form.getByRole('button', { name: 'Join' })).toBeEnabled();
  if (passcode !== undefined) await form.getByLabel('Passcode').fill(passcode);
  await form.getByRole('button', { name: 'Join' }).click();
}

export async function joinCall(page: Page, code: string, passcode?: string): Promise<string> {
  await openJoinScreen(page, code, passcode);
  await expect(page.getByTestId('call-screen')).toBeVisible();
  return myParticipantId(page);
}

export async function myParticipantId(page: Page): Promise<string> {
  await page.waitForFunction(() => window.__besedaCall !== undefined);
  return page.evaluate(() => window.__besedaCall!.participantId);
}

/** What this page received so far from one other participant (undefined: no connection to them). */
export async function receivedFrom(page: Page, participantId: string): Promise<Counters | undefined> {
  return page.evaluate(async (id) => {
    const stats = (await window.__besedaCall?.stats()) as Record<string, Counters> | undefined;
    return stats?.[id];
  }, participantId);
}

/** Waits until the counter is above zero, then until it rises again: media is flowing now. */
export async function expectFlowing(page: Page, from: string, counter: keyof Counters): Promise<void> {
  const read = async () => (await receivedFrom(page, from))?.[counter] ?? 0;
  await expect.poll(read, { timeout: 30_000 }).toBeGreaterThan(0);
  const before = await read();
  await expect.poll(read, { timeout: 15_000 }).toBeGreaterThan(before);
}

export const tile = (page: Page, participantId: string, kind: 'camera' | 'screen' = 'camera') =>
  page.locator(`[data-testid="call-tile"][data-participant-id="${participantId}"][data-kind="${kind}"]`);
