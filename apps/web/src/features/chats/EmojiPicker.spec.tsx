import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { type Language } from '../../i18n/languages';
import { loadEmojiCatalog, searchEmoji } from './emoji-data';
import { buildChat, buildPerson } from './testing/chat-factories';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const chat = buildChat({ name: 'general' });

function openChat(language: Language = 'en') {
  mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET /api/v1/chats/${chat.id}/messages`]: { status: 200, body: { items: [] } },
    [`GET /api/v1/users/${me.id}`]: { status: 200, body: buildPerson({ id: me.id }) },
  });
  return renderChats(`/chats/${chat.id}`, { language });
}

function composer() {
  return screen.getByTestId('composer') as HTMLTextAreaElement;
}

describe('the emoji picker', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('finds an emoji by its Russian name and inserts it at the caret', async () => {
    openChat('en');
    await screen.findByTestId('chat-beginning');
    fireEvent.change(composer(), { target: { value: 'I  you' } });
    composer().setSelectionRange(2, 2);

    fireEvent.click(screen.getByRole('button', { name: 'Insert emoji' }));
    const picker = screen.getByRole('dialog', { name: 'Emoji' });
    const search = within(picker).getByRole('searchbox', { name: 'Search emoji' });
    expect(document.activeElement).toBe(search);
    await within(picker).findAllByRole('button', { name: 'grinning face' });
    fireEvent.change(search, { target: { value: 'красное сердце' } });
    fireEvent.click(await within(picker).findByRole('button', { name: 'red heart' }));

    expect(screen.queryByRole('dialog', { name: 'Emoji' })).toBeNull();
    expect(composer().value).toBe('I ❤️ you');
    expect(document.activeElement).toBe(composer());
    expect(composer().selectionStart).toBe(2 + '❤️'.length);
    // The first open of the file compiles and loads the emoji data, which takes a while on a busy machine.
  }, 20_000);

  it('is worked from the keyboard, closes on Escape, and offers what was used recently', async () => {
    openChat('ru');
    await screen.findByTestId('chat-beginning');
    const toggle = screen.getByRole('button', { name: 'Вставить эмодзи' });

    fireEvent.click(toggle);
    const search = screen.getByRole('searchbox', { name: 'Найти эмодзи' });
    fireEvent.change(search, { target: { value: 'кошка' } });
    await screen.findByRole('button', { name: 'морда кошки' });
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    const first = document.activeElement as HTMLElement;
    expect(first.getAttribute('aria-label')).toBe('кошка');
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    const second = document.activeElement as HTMLElement;
    expect(second).not.toBe(first);
    fireEvent.keyDown(second, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(search);
    fireEvent.keyDown(search, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(toggle);

    fireEvent.click(toggle);
    const again = screen.getByRole('searchbox', { name: 'Найти эмодзи' });
    fireEvent.change(again, { target: { value: 'морда кошки' } });
    fireEvent.keyDown(again, { key: 'Enter' });
    expect(composer().value).toBe('🐱');

    fireEvent.click(toggle);
    const recent = screen.getByRole('tab', { name: 'Недавние' });
    expect(recent.getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByRole('button', { name: 'морда кошки' })).toBeDefined();
    fireEvent.pointerDown(document.body);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('switches categories', async () => {
    openChat('en');
    await screen.findByTestId('chat-beginning');
    fireEvent.click(screen.getByRole('button', { name: 'Insert emoji' }));
    await screen.findAllByRole('button', { name: 'grinning face' });

    fireEvent.click(screen.getByRole('tab', { name: 'Flags' }));

    expect(screen.getByRole('button', { name: 'flag: Russia' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'grinning face' })).toBeNull();
  });
});

describe('emoji search', () => {
  it('matches Russian and English names and keywords, ё as е', async () => {
    const catalog = await loadEmojiCatalog('ru');
    const found = (query: string) => searchEmoji(catalog, query).map((info) => info.emoji);

    expect(found('ёлка')).toContain('🎄');
    expect(found('елка')).toContain('🎄');
    expect(found('thumbs')[0]).toBe('👍️');
    expect(found('палец вверх')).toContain('👍️');
    expect(found('thumbsup')).toContain('👍️');
    expect(found('no such emoji anywhere')).toEqual([]);
  });
});
