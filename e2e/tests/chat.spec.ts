import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import {
  createConfirmedAccount,
  type E2eAccount,
  newAccount,
  signInThroughForm,
} from './support/accounts.js';

const artifacts = path.resolve(import.meta.dirname, '../artifacts');
mkdirSync(artifacts, { recursive: true });

test.use({ locale: 'en-US' });

async function signedInPage(browser: Browser, account: E2eAccount): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await signInThroughForm(page, account);
  return page;
}

/** Messages of the conversation, not those of an open thread. */
const timelineMessages = (page: Page) =>
  page.locator('[data-testid="message"]:not([data-testid="thread-panel"] *)');
const messageWith = (page: Page, text: string) => timelineMessages(page).filter({ hasText: text });
/** The conversation's composer, not the one of an open thread. */
const composer = (page: Page) => page.locator('[data-testid="composer"]:not([data-testid="thread-panel"] *)');

test('two people talk in a channel in real time, and nothing is lost while one is offline', async ({
  browser,
  request,
  baseURL,
}) => {
  const anna = await createConfirmedAccount(request, baseURL!, newAccount('Anna Petrova'));
  const boris = await createConfirmedAccount(request, baseURL!, newAccount('Boris Orlov'));
  const annaPage = await signedInPage(browser, anna);
  const borisPage = await signedInPage(browser, boris);
  const channelName = `launch-${Date.now().toString(36)}`;

  // Anna creates a channel and adds Boris.
  await annaPage.goto('/chats');
  await annaPage.getByTestId('new-channel').click();
  const createDialog = annaPage.getByRole('dialog');
  await createDialog.getByLabel('Name').fill(channelName);
  await createDialog.getByRole('button', { name: 'Create channel' }).click();
  await expect(composer(annaPage)).toBeVisible();
  await annaPage.getByRole('button', { name: 'Add people' }).first().click();
  const addDialog = annaPage.getByRole('dialog');
  await addDialog.getByLabel('Find a person').fill(boris.username);
  await addDialog.getByRole('button', { name: 'Select Boris Orlov' }).click();
  await addDialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(addDialog).toBeHidden();

  await composer(annaPage).fill('Hello Boris, the launch is on Friday');
  await composer(annaPage).press('Enter');
  await expect(messageWith(annaPage, 'the launch is on Friday')).toBeVisible();

  // Boris sees the channel and the message without reloading.
  await borisPage.goto('/chats');
  const channelItem = borisPage.getByTestId('chat-item').filter({ hasText: channelName });
  await expect(channelItem).toBeVisible();
  await channelItem.click();
  await expect(messageWith(borisPage, 'the launch is on Friday')).toBeVisible();
  await composer(borisPage).fill('Great, I will prepare the notes');
  await composer(borisPage).press('Enter');
  await expect(messageWith(annaPage, 'I will prepare the notes')).toBeVisible();

  // Anna edits her last message with the up arrow; Boris sees the new text.
  await composer(annaPage).press('ArrowUp');
  await composer(annaPage).fill('Hello Boris, the launch moved to Monday');
  await composer(annaPage).press('Enter');
  await expect(messageWith(borisPage, 'moved to Monday')).toBeVisible();
  await expect(messageWith(borisPage, 'moved to Monday')).toContainText('edited');

  // Boris answers in the thread of Anna's message; Anna sees the reply count and the reply.
  const announcement = messageWith(borisPage, 'moved to Monday');
  await announcement.hover();
  await announcement.getByRole('button', { name: 'Reply in thread' }).click();
  const borisThread = borisPage.getByTestId('thread-panel');
  await borisThread.getByTestId('composer').fill('Monday works for me');
  await borisThread.getByTestId('composer').press('Enter');
  await expect(borisThread.getByTestId('message').filter({ hasText: 'Monday works for me' })).toBeVisible();
  const summary = messageWith(annaPage, 'moved to Monday').getByTestId('thread-summary');
  await expect(summary).toContainText('1 reply');
  // The reply lives in the thread, not in the timeline.
  await expect(messageWith(annaPage, 'Monday works for me')).toHaveCount(0);
  await summary.click();
  const annaThread = annaPage.getByTestId('thread-panel');
  await expect(annaThread.getByTestId('message').filter({ hasText: 'Monday works for me' })).toBeVisible();
  await borisThread.getByRole('button', { name: 'Close the thread' }).click();
  await expect(borisThread).toBeHidden();

  // Anna reacts to Boris's message; Boris sees the reaction.
  const notes = messageWith(annaPage, 'I will prepare the notes');
  await notes.hover();
  await notes.getByRole('button', { name: 'Add a reaction' }).click();
  await notes.getByTestId('reaction-picker').getByRole('button', { name: '👍' }).click();
  await expect(messageWith(borisPage, 'I will prepare the notes').getByTestId('reaction')).toContainText('1');
  await annaPage.screenshot({ path: path.join(artifacts, 'chat-desktop.png'), fullPage: true });

  // Boris deletes a message of his; it disappears for Anna.
  await composer(borisPage).fill('this one was a mistake');
  await composer(borisPage).press('Enter');
  await expect(messageWith(annaPage, 'this one was a mistake')).toBeVisible();
  const mistake = messageWith(borisPage, 'this one was a mistake');
  await mistake.hover();
  await mistake.getByRole('button', { name: 'Delete', exact: true }).click();
  await borisPage.getByTestId('delete-message-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(messageWith(annaPage, 'this one was a mistake')).toHaveCount(0);

  // Boris loses the network; Anna keeps writing; Boris comes back and has everything, once.
  await borisPage.context().setOffline(true);
  for (const text of ['first while you were away', 'second while you were away']) {
    await composer(annaPage).fill(text);
    await composer(annaPage).press('Enter');
    await expect(messageWith(annaPage, text)).toBeVisible();
  }
  await borisPage.context().setOffline(false);
  await expect(messageWith(borisPage, 'first while you were away')).toHaveCount(1);
  await expect(messageWith(borisPage, 'second while you were away')).toHaveCount(1);
  const seqs = await timelineMessages(borisPage).evaluateAll((nodes) =>
    nodes.map((node) => node.getAttribute('data-seq')),
  );
  expect(new Set(seqs).size).toBe(seqs.length);

  await borisPage.setViewportSize({ width: 375, height: 740 });
  await borisPage.screenshot({ path: path.join(artifacts, 'chat-phone.png'), fullPage: true });
  await annaPage.context().close();
  await borisPage.context().close();
});
