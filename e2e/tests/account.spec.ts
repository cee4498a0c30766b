import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { generateSync } from 'otplib';
import { linkFromMail } from './support/mailbox.js';

const artifacts = path.resolve(import.meta.dirname, '../artifacts');
mkdirSync(artifacts, { recursive: true });

test.use({ locale: 'en-US' });

const id = Date.now().toString(36);
const account = {
  displayName: 'Anna Petrova',
  username: `anna_${id}`,
  email: `anna.${id}@example.org`,
  password: `lantern over the quiet river ${id}`,
};

/** A TOTP code `steps` periods from now, computed independently of the server. */
const totp = (secret: string, steps = 0) =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

async function signIn(page: Page) {
  await page.goto('/login');
  const form = page.getByTestId('login-form');
  await form.getByLabel('Username or e-mail').fill(account.username);
  await form.getByLabel('Password').fill(account.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

/** Finishes a sign-in with one of the recovery codes (each works once). */
async function useRecoveryCode(page: Page, code: string) {
  const form = page.getByTestId('totp-form');
  await form.getByRole('button', { name: 'Use a recovery code' }).click();
  await form.getByLabel('Recovery code').fill(code);
  await form.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

test.describe.serial('an account, from registration to two-factor sign-in', () => {
  let secret = '';
  let recoveryCodes: string[] = [];

  test('registers and confirms the address from the delivered e-mail', async ({ page }) => {
    await page.goto('/register');
    const form = page.getByTestId('register-form');
    await form.getByLabel('Your name').fill(account.displayName);
    await form.getByLabel('Username').fill(account.username);
    await form.getByLabel('E-mail').fill(account.email);
    await form.getByLabel('Password').fill(account.password);
    await page.screenshot({ path: path.join(artifacts, 'register.png'), fullPage: true });
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: 'Check your e-mail' })).toBeVisible();

    const link = await linkFromMail(account.email, `${new URL(page.url()).origin}/confirm-email?token=`);
    await page.goto(link);
    await expect(page.getByRole('link', { name: /sign in/i }).first()).toBeVisible();
  });

  test('signs in and sees the app with the account menu', async ({ page }) => {
    await signIn(page);
    await expect(page.getByTestId('app-shell')).toBeVisible();
    await expect(page.getByTestId('user-menu')).toContainText(account.displayName);
    await page.screenshot({ path: path.join(artifacts, 'home-signed-in.png'), fullPage: true });
  });

  test('turns on two-factor authentication by reading the secret from the page', async ({ page }) => {
    await signIn(page);
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await page.goto('/settings/security');
    await page.getByRole('button', { name: 'Set up' }).click();
    secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.screenshot({ path: path.join(artifacts, 'totp-setup.png'), fullPage: true });
    await page.getByLabel('Code from the app').fill(totp(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByTestId('recovery-codes');
    await expect(codes).toBeVisible();
    recoveryCodes = (await codes.textContent())!.match(/[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{2}/g) ?? [];
    expect(recoveryCodes).toHaveLength(10);
    await page.screenshot({ path: path.join(artifacts, 'recovery-codes.png'), fullPage: true });
  });

  test('signs out, and signs in again with a code', async ({ page }) => {
    await signIn(page);
    // A code is accepted once per 30-second step and the current step's code turned 2FA on, so
    // this one is the next step's, which the server accepts (±1 step) right away.
    await page.getByTestId('totp-form').getByLabel('Authentication code').fill(totp(secret, 1));
    await page.getByTestId('totp-form').getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByTestId('user-menu')).toBeVisible();

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('login-form')).toBeVisible();
    // Signed out for real: the app is out of reach without signing in again.
    await page.goto('/settings/security');
    await expect(page).toHaveURL(/\/login/);

    // Every later code of this step would be a replay: the next sign-ins use recovery codes.
    await signIn(page);
    await page.screenshot({ path: path.join(artifacts, 'login-totp.png'), fullPage: true });
    await useRecoveryCode(page, recoveryCodes[0]!);
  });

  test('revokes another session, which is then signed out', async ({ page, browser }) => {
    const other = await browser.newContext({ locale: 'en-US' });
    const otherPage = await other.newPage();
    await signIn(otherPage);
    await useRecoveryCode(otherPage, recoveryCodes[1]!);

    await signIn(page);
    await useRecoveryCode(page, recoveryCodes[2]!);
    await page.goto('/settings/sessions');
    const rows = page.getByTestId('session-row');
    // Every sign-in of this suite is still a live session, the other browser's among them.
    await expect(rows.nth(1)).toBeVisible();
    await page.screenshot({ path: path.join(artifacts, 'sessions.png'), fullPage: true });
    await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-current', 'true');

    // The other browser's session is gone: reloading lands on the sign-in page.
    await otherPage.reload();
    await expect(otherPage.getByTestId('login-form')).toBeVisible();
    await other.close();
  });
});
