import { randomBytes } from 'node:crypto';
import { type APIRequestContext, expect, type Page } from '@playwright/test';
import { linkFromMail } from './mailbox.js';

export interface E2eAccount {
  displayName: string;
  username: string;
  email: string;
  password: string;
}

export function newAccount(displayName = 'Test Person'): E2eAccount {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return {
    displayName,
    username: `user_${id}`,
    email: `user.${id}@example.org`,
    password: `quiet meadow lantern ${id}`,
  };
}

/** Registers through the API and confirms with the link from the delivered e-mail. */
export async function createConfirmedAccount(
  request: APIRequestContext,
  baseURL: string,
  account = newAccount(),
) {
  const registered = await request.post('/api/v1/auth/register', { data: account });
  expect(registered.status()).toBe(202);
  const link = new URL(await linkFromMail(account.email, `${baseURL}/confirm-email?token=`));
  const confirmed = await request.post('/api/v1/auth/confirm-email', {
    data: { token: link.searchParams.get('token') },
  });
  expect(confirmed.status()).toBe(204);
  return account;
}

/** Signs in through the login form (field labels in the page's language, found by autocomplete). */
export async function signInThroughForm(page: Page, account: E2eAccount) {
  await page.goto('/login');
  const form = page.getByTestId('login-form');
  await form.locator('input[autocomplete="username"]').fill(account.username);
  await form.locator('input[autocomplete="current-password"]').fill(account.password);
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}
