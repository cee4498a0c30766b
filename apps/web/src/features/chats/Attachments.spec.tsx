import { type Message } from '@beseda/protocol';
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildFile, buildMessage, buildPerson } from './testing/chat-factories';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov' });
const chat = buildChat({ name: 'general', lastSeq: 10 });

function showHistory(messages: Message[]) {
  mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET /api/v1/chats/${chat.id}/messages`]: { status: 200, body: { items: messages } },
    [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    [`POST /api/v1/chats/${chat.id}/read`]: { status: 200, body: { lastReadSeq: 10 } },
  });
}

const byBoris = (overrides: Partial<Message>) =>
  buildMessage({ chatId: chat.id, authorId: boris.id, ...overrides });

const image = (name: string, width: number | null = 1600, height: number | null = 1200) =>
  buildFile({ name, kind: 'image', contentType: 'image/jpeg', width, height });

async function rowWith(testId: string) {
  const found = await screen.findAllByTestId(testId);
  return found[0]!.closest<HTMLElement>('[data-testid="message"]')!;
}

describe('files in messages', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('shows a single image at its proportions, sized before it loads, with no empty text above it', async () => {
    const photo = image('sunset.jpg', 1600, 1200);
    showHistory([byBoris({ seq: 1, text: '', attachments: [photo] })]);
    renderChats(`/chats/${chat.id}`);

    const row = await rowWith('attachment-image');
    expect(within(row).queryByTestId('message-text')).toBeNull();
    const thumbnail = within(row).getByRole('button', { name: 'Open image sunset.jpg' });
    // 1600×1200 fitted into 360×320: the width decides.
    expect(thumbnail.style.width).toBe('360px');
    expect(thumbnail.style.height).toBe('270px');
    const img = within(thumbnail).getByRole('img');
    expect(img.getAttribute('src')).toBe(photo.previewUrl);
    expect(img.getAttribute('width')).toBe('360');
    expect(img.getAttribute('height')).toBe('270');
  });

  it('puts several images in a grid of thumbnails under the text', async () => {
    const photos = [image('a.jpg'), image('b.jpg'), image('c.jpg')];
    showHistory([byBoris({ seq: 1, text: 'Trip photos', attachments: photos })]);
    renderChats(`/chats/${chat.id}`);

    const row = await rowWith('attachment-image');
    expect(within(row).getByTestId('message-text').textContent).toBe('Trip photos');
    const thumbnails = within(row).getAllByTestId('attachment-image');
    expect(thumbnails.map((button) => within(button).getByRole('img').getAttribute('src'))).toEqual(
      photos.map((photo) => photo.thumbnailUrl),
    );
  });

  it('plays video and audio inline and offers other files as cards to download', async () => {
    const video = buildFile({ name: 'demo.mp4', kind: 'video', contentType: 'video/mp4', size: 5_000_000 });
    const audio = buildFile({ name: 'voice.ogg', kind: 'audio', contentType: 'audio/ogg', size: 2048 });
    const pdf = buildFile({ name: 'contract.pdf', size: 1_572_864 });
    showHistory([byBoris({ seq: 1, text: 'All of it', attachments: [video, audio, pdf] })]);
    renderChats(`/chats/${chat.id}`);

    const row = await rowWith('attachment-video');
    const player = within(row).getByTestId('attachment-video') as HTMLVideoElement;
    expect(player.getAttribute('src')).toBe(video.url);
    expect(player.controls).toBe(true);
    expect(player.getAttribute('preload')).toBe('metadata');
    const sound = within(row).getByTestId('attachment-audio') as HTMLAudioElement;
    expect(sound.getAttribute('src')).toBe(audio.url);
    expect(sound.controls).toBe(true);

    const card = within(row).getByTestId('attachment-file');
    expect(card.getAttribute('href')).toBe(pdf.url);
    expect(card.getAttribute('download')).toBe('contract.pdf');
    expect(card.textContent).toContain('contract.pdf');
    expect(card.textContent).toContain('1.5 MB');
    expect(within(row).getByRole('link', { name: /voice\.ogg/ }).textContent).toContain('2 kB');
  });

  it('writes sizes the Russian way in Russian', async () => {
    showHistory([
      byBoris({ seq: 1, text: '', attachments: [buildFile({ name: 'отчёт.pdf', size: 1_572_864 })] }),
    ]);
    renderChats(`/chats/${chat.id}`, { language: 'ru' });

    const row = await rowWith('attachment-file');
    expect(within(row).getByTestId('attachment-file').textContent).toContain('1,5 МБ');
  });

  it('shows nothing of the files of a deleted message', async () => {
    showHistory([byBoris({ seq: 1, text: '', deleted: true, attachments: [] })]);
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Message deleted');
    expect(screen.queryByTestId('attachments')).toBeNull();
  });
});

describe('the image viewer', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('opens an image over the page, goes through the message’s images, and closes on Escape', async () => {
    const photos = [image('one.jpg'), image('two.jpg'), image('three.jpg')];
    showHistory([byBoris({ seq: 1, text: 'Look', attachments: photos })]);
    renderChats(`/chats/${chat.id}`);
    const row = await rowWith('attachment-image');
    const second = within(row).getByRole('button', { name: 'Open image two.jpg' });
    second.focus();

    fireEvent.click(second);

    const viewer = screen.getByRole('dialog', { name: 'Image two.jpg' });
    expect(within(viewer).getByRole('img').getAttribute('src')).toBe(photos[1]!.previewUrl);
    expect(within(viewer).getByTestId('viewer-position').textContent).toBe('2 of 3');
    const download = within(viewer).getByRole('link', { name: 'Download two.jpg' });
    expect(download.getAttribute('href')).toBe(photos[1]!.url);
    expect(download.getAttribute('download')).toBe('two.jpg');

    fireEvent.click(within(viewer).getByRole('button', { name: 'Next image' }));
    expect(within(viewer).getByRole('img').getAttribute('src')).toBe(photos[2]!.previewUrl);
    expect(within(viewer).getByTestId('viewer-position').textContent).toBe('3 of 3');
    expect((within(viewer).getByRole('button', { name: 'Next image' }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(within(viewer).getByTestId('viewer-position').textContent).toBe('1 of 3');
    expect(
      (within(viewer).getByRole('button', { name: 'Previous image' }) as HTMLButtonElement).disabled,
    ).toBe(true);

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(second);
  });

  it('closes with its close button, and a single image has no arrows', async () => {
    showHistory([byBoris({ seq: 1, text: '', attachments: [image('only.jpg', null, null)] })]);
    renderChats(`/chats/${chat.id}`);
    const row = await rowWith('attachment-image');

    fireEvent.click(within(row).getByRole('button', { name: 'Open image only.jpg' }));

    const viewer = screen.getByRole('dialog', { name: 'Image only.jpg' });
    expect(within(viewer).queryByRole('button', { name: 'Next image' })).toBeNull();
    expect(within(viewer).queryByTestId('viewer-position')).toBeNull();
    fireEvent.click(within(viewer).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
