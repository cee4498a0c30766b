import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { type Browser, expect, type Page, test } from '@playwright/test';
import {
  createConfirmedAccount,
  type E2eAccount,
  newAccount,
  signInThroughForm,
} from './support/accounts.js';

test.use({ locale: 'en-US' });

const artifacts = path.resolve(import.meta.dirname, '../artifacts');
mkdirSync(artifacts, { recursive: true });

/** A real PNG of `width` × `height` (a colour gradient), made here rather than kept in the repo. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      rows.set([(x * 255) / width, (y * 255) / height, 128], y * (width * 3 + 1) + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function signedInPage(browser: Browser, account: E2eAccount): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await signInThroughForm(page, account);
  return page;
}

const composer = (page: Page) => page.locator('[data-testid="composer"]:not([data-testid="thread-panel"] *)');

test('an image, a mention notification and a search, between two people', async ({
  browser,
  request,
  baseURL,
}) => {
  const vera = await createConfirmedAccount(request, baseURL!, newAccount('Vera Sokolova'));
  const gleb = await createConfirmedAccount(request, baseURL!, newAccount('Gleb Markov'));
  const veraPage = await signedInPage(browser, vera);
  const glebPage = await signedInPage(browser, gleb);
  const channelName = `design-${Date.now().toString(36)}`;

  await veraPage.goto('/chats');
  await veraPage.getByTestId('new-channel').click();
  const createDialog = veraPage.getByRole('dialog');
  await createDialog.getByLabel('Name').fill(channelName);
  await createDialog.getByRole('button', { name: 'Create channel' }).click();
  await veraPage.getByRole('button', { name: 'Add people' }).first().click();
  const addDialog = veraPage.getByRole('dialog');
  await addDialog.getByLabel('Find a person').fill(gleb.username);
  await addDialog.getByRole('button', { name: 'Select Gleb Markov' }).click();
  await addDialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(addDialog).toBeHidden();

  // Gleb opens the channel he was added to.
  await glebPage.goto('/chats');
  await glebPage.getByTestId('chat-item').filter({ hasText: channelName }).click();

  // Vera attaches an image: it uploads with progress, and goes out with a caption.
  await veraPage.getByTestId('attach-input').setInputFiles({
    name: 'mockup.png',
    mimeType: 'image/png',
    buffer: png(640, 480),
  });
  const tray = veraPage.getByTestId('attachment-tray');
  await expect(tray.getByTestId('tray-item')).toContainText('mockup.png');
  await expect(veraPage.getByRole('button', { name: 'Send' })).toBeEnabled();
  await composer(veraPage).fill('The new mockup');
  await composer(veraPage).press('Enter');
  await expect(tray).toBeHidden();

  // Gleb sees the thumbnail without reloading and opens it in the viewer.
  const image = glebPage
    .getByTestId('message')
    .filter({ hasText: 'The new mockup' })
    .getByTestId('attachment-image');
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
  await image.click();
  const viewer = glebPage.getByTestId('image-viewer');
  await expect(viewer).toBeVisible();
  await glebPage.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // Vera mentions Gleb: his bell counts it, and the notification leads to the message.
  await composer(veraPage).fill(`@${gleb.username} what do you think of the colours?`);
  await composer(veraPage).press('Enter');
  await expect(glebPage.getByTestId('notifications-unread')).toBeVisible();
  await glebPage.getByTestId('notifications-bell').click();
  await glebPage.screenshot({ path: path.join(artifacts, 'media-notifications.png') });
  await glebPage
    .getByTestId('notifications-panel')
    .getByTestId('notification')
    .filter({ hasText: 'what do you think of the colours' })
    .click();
  await expect(glebPage.getByTestId('message').filter({ hasText: 'what do you think' })).toBeVisible();

  // Gleb searches by another form of a word and jumps to the message.
  await glebPage.getByRole('searchbox', { name: 'Search messages, chats and people' }).fill('colour');
  await glebPage.getByRole('searchbox', { name: 'Search messages, chats and people' }).press('Enter');
  const hit = glebPage.getByTestId('search-hit').filter({ hasText: 'colours' });
  await expect(hit).toBeVisible();
  await hit.click();
  await expect(glebPage).toHaveURL(new RegExp(`/chats/`));
  await expect(
    glebPage.locator('[data-testid="message"][data-highlighted="true"]').filter({ hasText: 'colours' }),
  ).toBeVisible();
  await glebPage.screenshot({ path: path.join(artifacts, 'search-jump.png') });

  await veraPage.context().close();
  await glebPage.context().close();
});
