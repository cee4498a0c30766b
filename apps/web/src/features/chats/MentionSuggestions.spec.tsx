import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildPerson } from './testing/chat-factories';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const boris = buildPerson({ username: 'boris', displayName: 'Boris Ivanov' });
const bogdana = buildPerson({ username: 'bogdana', displayName: 'Богдана Смирнова' });
const vera = buildPerson({ username: 'vera', displayName: 'Вера Борисова' });
const bob = buildPerson({ username: 'bob', displayName: 'Bob Outsider' });
const chat = buildChat({ name: 'general', memberCount: 4 });

function openChat(chatOverride = chat) {
  const member = (userId: string) => ({ userId, role: 'member', joinedAt: '2026-03-01T09:00:00.000Z' });
  const api = mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chatOverride] } },
    [`GET /api/v1/chats/${chat.id}/messages`]: { status: 200, body: { items: [] } },
    [`GET /api/v1/chats/${chat.id}/members`]: {
      status: 200,
      body: { items: [me.id, boris.id, bogdana.id, vera.id].map(member) },
    },
    // The directory answers as the server would, members or not; the member list sorts them.
    'GET /api/v1/users': async (request) => {
      const q = (new URL(request.url).searchParams.get('q') ?? '').toLowerCase();
      const everyone = [bob, boris, bogdana, vera];
      return {
        status: 200,
        body: {
          items: everyone.filter(
            (person) =>
              person.username.startsWith(q) ||
              person.displayName
                .toLowerCase()
                .split(' ')
                .some((word) => word.startsWith(q)),
          ),
        },
      };
    },
  });
  renderChats(`/chats/${chat.id}`);
  return api;
}

function composer() {
  return screen.getByTestId('composer') as HTMLTextAreaElement;
}

function type(text: string) {
  composer().focus();
  fireEvent.change(composer(), { target: { value: text } });
}

function press(key: string) {
  fireEvent.keyDown(composer(), { key });
}

function options() {
  return within(screen.getByRole('listbox')).getAllByRole('option');
}

describe('completing @mentions in the composer', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('lists matching members first, and Enter inserts the username without sending', async () => {
    const api = openChat();
    await screen.findByTestId('chat-beginning');

    type('Hi @bo');

    await waitFor(() =>
      expect(options().map((option) => option.textContent)).toEqual([
        expect.stringContaining('Boris Ivanov@boris'),
        expect.stringContaining('Богдана Смирнова@bogdana'),
        expect.stringContaining('Bob Outsider@bobnot in this chat'),
      ]),
    );
    expect(options()[0]!.getAttribute('aria-selected')).toBe('true');
    expect(composer().getAttribute('aria-activedescendant')).toBe(options()[0]!.id);

    press('ArrowDown');
    expect(options()[1]!.getAttribute('aria-selected')).toBe('true');
    press('Enter');

    expect(composer().value).toBe('Hi @bogdana ');
    expect(composer().selectionStart).toBe('Hi @bogdana '.length);
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(api.requestsTo(`POST /api/v1/chats/${chat.id}/messages`)).toHaveLength(0);
  });

  it('finds people by display name, in Cyrillic too, and Tab completes as well', async () => {
    openChat();
    await screen.findByTestId('chat-beginning');

    type('@вер');
    await waitFor(() =>
      expect(options().map((option) => option.textContent)).toEqual([
        expect.stringContaining('Вера Борисова@vera'),
      ]),
    );
    press('Tab');

    expect(composer().value).toBe('@vera ');
  });

  it('offers @channel and @here in a room, and Escape closes the list until the next mention', async () => {
    openChat();
    await screen.findByTestId('chat-beginning');

    type('@h');
    await waitFor(() =>
      expect(options().map((option) => option.textContent)).toEqual([
        '@@herenotify everyone in this chat who is online',
      ]),
    );
    press('Escape');
    expect(screen.queryByRole('listbox')).toBeNull();
    type('@he');
    expect(screen.queryByRole('listbox')).toBeNull();
    // Escape closed only the list: Enter now sends.
    press('Enter');
    expect(composer().value).toBe('');

    type('ping @ch');
    await screen.findByRole('listbox');
    fireEvent.click(options()[0]!);
    expect(composer().value).toBe('ping @channel ');
  });

  it('does not complete an e-mail address, and offers no @channel in a direct chat', async () => {
    openChat({ ...chat, type: 'direct', name: 'Boris Ivanov', peerId: boris.id, memberCount: 2 });
    await screen.findByTestId('chat-beginning');

    type('mail me@bo');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(screen.queryByRole('listbox')).toBeNull();

    type('@c');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(screen.queryByRole('listbox')).toBeNull();
  });
});

describe('completing :emoji: in the composer', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('suggests emoji after a colon and two letters, and inserts the emoji itself', async () => {
    openChat();
    await screen.findByTestId('chat-beginning');

    type('great :thumbs');
    await waitFor(() => expect(options()[0]!.textContent).toContain('thumbs up'), { timeout: 15_000 });
    press('Enter');

    expect(composer().value).toBe('great 👍️');
  }, 20_000);
});
