import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { createConfirmedAccount, signInThroughForm } from './support/accounts.js';

const artifacts = path.resolve(import.meta.dirname, '../artifacts');
mkdirSync(artifacts, { recursive: true });

/** Collects what would mean the page is broken: script errors, CSP violations, failed requests. */
function watchForProblems(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  return problems;
}

test.describe('in a Russian browser', () => {
  test.use({ locale: 'ru-RU' });

  test('a visitor gets the sign-in page in Russian', async ({ page }) => {
    const problems = watchForProblems(page);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(page.getByRole('heading', { name: 'Вход в Beseda' })).toBeVisible();
    await expect(page).toHaveTitle(/Beseda/);
    await page.screenshot({ path: path.join(artifacts, 'login-ru.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  test('switches to English and remembers the choice after a reload', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'Вход в Beseda' })).toBeVisible();
    await page.getByTestId('language-switcher').selectOption('en');
    await expect(page.getByRole('heading', { name: 'Sign in to Beseda' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Sign in to Beseda' })).toBeVisible();
  });

  test('a member sees the shell in Russian, with the server status and client-side routes', async ({
    page,
    request,
    baseURL,
  }) => {
    const account = await createConfirmedAccount(request, baseURL!);
    const problems = watchForProblems(page);
    await signInThroughForm(page, account);
    await expect(page.getByTestId('app-shell')).toBeVisible();
    await expect(page.getByTestId('home-heading')).toHaveText('Добро пожаловать в Beseda');
    await expect(page.getByRole('link', { name: 'Чаты', exact: true })).toBeVisible();
    await expect(page.getByTestId('instance-name')).toHaveText('Beseda');
    await page.screenshot({ path: path.join(artifacts, 'shell-ru-desktop.png'), fullPage: true });

    await page.goto('/meetings');
    await expect(page.getByRole('heading', { name: 'Встречи' }).first()).toBeVisible();
    await page.goto('/no/such/page');
    await expect(page.getByTestId('not-found-heading')).toBeVisible();
    expect(problems).toEqual([]);
  });
});

test.describe('in an English browser', () => {
  test.use({ locale: 'en-US' });

  test('a member sees the shell in English, usable at phone width', async ({ page, request, baseURL }) => {
    const account = await createConfirmedAccount(request, baseURL!);
    await page.setViewportSize({ width: 375, height: 740 });
    await signInThroughForm(page, account);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('home-heading')).toHaveText('Welcome to Beseda');
    await expect(page.getByTestId('instance-version')).not.toBeEmpty();
    await page.getByRole('button', { name: 'Open menu' }).click();
    await page.getByRole('link', { name: 'Meetings', exact: true }).click();
    await expect(page).toHaveURL(/\/meetings$/);
    await page.screenshot({ path: path.join(artifacts, 'shell-en-phone.png'), fullPage: true });
  });
});

test.describe('as an installable app', () => {
  test('links a manifest with icons and registers a service worker', async ({ page, request }) => {
    await page.goto('/login');
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(manifestHref).toBeTruthy();
    const manifest = (await (await request.get(manifestHref!)).json()) as {
      name: string;
      display: string;
      icons: Array<{ src: string; sizes: string }>;
    };
    expect(manifest.name).toBe('Beseda');
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const response = await request.get(new URL(icon.src, page.url()).toString());
      expect(response.status(), icon.src).toBe(200);
      expect(response.headers()['content-type']).toMatch(/^image\//);
    }
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(new URL(scope).pathname).toBe('/');
  });
});
