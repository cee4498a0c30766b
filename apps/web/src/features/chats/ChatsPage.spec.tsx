import { type Message } from '@beseda/protocol';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildMessage, buildPerson } from './testing/chat-factories';
import { connectLive, type LiveConnection } from './testing/live-connection';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov' });

function sidebarItem(chatId: string): HTMLElement {
  const item = within(screen.getByTestId('chat-sidebar'))
    .getAllByTestId('chat-item')
    .find((element) => element.getAttribute('data-chat-id') === chatId);
  if (!item) throw new Error(`no sidebar item for ${chatId}`);
  return item;
}

/** The number the badge shows (its spoken form is checked separately). */
function badgeOf(chatId: string): string | null {
  const badge = within(sidebarItem(chatId)).queryByTestId('unread-badge');
  return badge?.querySelector('[aria-hidden="true"]')?.textContent ?? null;
}

function sectionNames(section: string): string[] {
  const element = screen.getByTestId('chat-sidebar').querySelector(`[data-section="${section}"]`);
  if (!element) return [];
  return within(element as HTMLElement)
    .queryAllByTestId('chat-name')
    .map((name) => name.textContent ?? '');
}

describe('chat sidebar', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('groups chats into favourites, channels, direct messages and saved messages, with unread badges', async () => {
    const general = buildChat({ name: 'general', unreadCount: 3 });
    const design = buildChat({ type: 'private', name: 'design' });
    const favourite = buildChat({
      name: 'releases',
      membership: { role: 'member', lastReadSeq: 0, notificationLevel: 'all', muted: false, favourite: true },
    });
    const direct = buildChat({ type: 'direct', name: 'Boris Ivanov', peerId: boris.id, unreadCount: 120 });
    const saved = buildChat({ type: 'self', name: null, memberCount: 1 });
    mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': { status: 200, body: { items: [saved, general, direct, favourite, design] } },
      [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    });

    renderChats('/chats', { language: 'en' });

    await screen.findAllByTestId('chat-item');
    expect(sectionNames('favourites')).toEqual(['releases']);
    expect(sectionNames('channels')).toEqual(['design', 'general']);
    expect(sectionNames('direct')).toEqual(['Boris Ivanov']);
    expect(sectionNames('saved')).toEqual(['Saved messages']);
    expect(badgeOf(general.id)).toBe('3');
    expect(within(sidebarItem(general.id)).getByText('Unread: 3')).toBeDefined();
    expect(badgeOf(direct.id)).toBe('99+');
    expect(badgeOf(design.id)).toBeNull();
    expect(sidebarItem(general.id).getAttribute('href')).toBe(`/chats/${general.id}`);
  });

  it('highlights the open chat and hides its badge', async () => {
    const general = buildChat({ name: 'general', unreadCount: 2, lastSeq: 2 });
    mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': { status: 200, body: { items: [general] } },
      [`GET /api/v1/chats/${general.id}/messages`]: { status: 200, body: { items: [] } },
    });

    renderChats(`/chats/${general.id}`, { language: 'ru' });

    await waitFor(() => expect(sidebarItem(general.id).getAttribute('aria-current')).toBe('page'));
    expect(badgeOf(general.id)).toBeNull();
    expect(await screen.findByTestId('chat-title')).toHaveProperty('textContent', 'general');
    expect(screen.getByTestId('composer').getAttribute('placeholder')).toBe('Написать в «#general»');
  });
});

describe('live updates', () => {
  let live: LiveConnection | null = null;

  beforeEach(() => signIn(buildTokenPair()));
  afterEach(() => {
    live?.stop();
    live = null;
  });

  function connect() {
    live = connectLive();
    return live;
  }

  it('appends a new message to the open chat and counts one for another chat as unread', async () => {
    const general = buildChat({ name: 'general', lastSeq: 1 });
    const random = buildChat({ name: 'random', lastSeq: 4, unreadCount: 1 });
    const first = buildMessage({ chatId: general.id, seq: 1, authorId: boris.id, text: 'Morning!' });
    mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': { status: 200, body: { items: [general, random] } },
      [`GET /api/v1/chats/${general.id}/messages`]: { status: 200, body: { items: [first] } },
      [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
      [`POST /api/v1/chats/${general.id}/read`]: { status: 200, body: { lastReadSeq: 2 } },
    });
    const { deliver } = connect();
    renderChats(`/chats/${general.id}`, { connection: live!.connection });
    await screen.findByText('Morning!');

    const incoming: Message = buildMessage({
      chatId: general.id,
      seq: 2,
      authorId: boris.id,
      text: 'Stand-up in 5',
    });
    deliver({ type: 'message.created', data: incoming });
    // The same event again (a replay) does not show the message twice.
    deliver({ type: 'message.created', data: incoming });

    const list = screen.getByTestId('message-list');
    await waitFor(() =>
      expect(
        within(list)
          .getAllByTestId('message')
          .map((row) => row.getAttribute('data-seq')),
      ).toEqual(['1', '2']),
    );
    expect(within(list).getByText('Stand-up in 5')).toBeDefined();
    expect(badgeOf(general.id)).toBeNull();

    deliver({
      type: 'message.created',
      data: buildMessage({ chatId: random.id, seq: 5, authorId: boris.id, text: 'elsewhere' }),
    });
    await waitFor(() => expect(badgeOf(random.id)).toBe('2'));
    expect(within(list).queryByText('elsewhere')).toBeNull();
  });

  it('shows edits and deletions, adds chats I join and drops chats I lose', async () => {
    const general = buildChat({ name: 'general', lastSeq: 1 });
    const message = buildMessage({ chatId: general.id, seq: 1, authorId: boris.id, text: 'first draft' });
    mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': { status: 200, body: { items: [general] } },
      [`GET /api/v1/chats/${general.id}/messages`]: { status: 200, body: { items: [message] } },
      [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    });
    const { deliver } = connect();
    const { router } = renderChats(`/chats/${general.id}`, { connection: live!.connection });
    await screen.findByText('first draft');

    deliver({
      type: 'message.updated',
      data: { ...message, text: 'final words', editedAt: '2026-03-02T10:05:00.000Z' },
    });
    expect(await screen.findByText('final words')).toBeDefined();
    expect(screen.getByText('(edited)')).toBeDefined();

    const project = buildChat({ type: 'private', name: 'project' });
    deliver({ type: 'chat.updated', data: project });
    await waitFor(() =>
      expect(within(sidebarItem(project.id)).getByTestId('chat-name').textContent).toBe('project'),
    );

    deliver({ type: 'chat.removed', data: { chatId: general.id } });
    await waitFor(() => expect(router.state.location.pathname).toBe('/chats'));
    expect(within(screen.getByTestId('chat-sidebar')).getAllByTestId('chat-item')).toHaveLength(1);
  });

  it('after a resync, fetches what the open chat missed with after= and reloads the chat list', async () => {
    const general = buildChat({ name: 'general', lastSeq: 2 });
    const seen = [1, 2].map((seq) =>
      buildMessage({ chatId: general.id, seq, authorId: boris.id, text: `seen ${seq}` }),
    );
    const missed = buildMessage({
      chatId: general.id,
      seq: 3,
      authorId: boris.id,
      text: 'missed while away',
    });
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': [
        { status: 200, body: { items: [general] } },
        { status: 200, body: { items: [{ ...general, lastSeq: 3 }] } },
      ],
      [`GET /api/v1/chats/${general.id}/messages`]: (request) => {
        const after = new URL(request.url).searchParams.get('after');
        return { status: 200, body: { items: after === null ? seen : after === '2' ? [missed] : [] } };
      },
      [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
      [`POST /api/v1/chats/${general.id}/read`]: { status: 200, body: { lastReadSeq: 3 } },
    });
    const { resync } = connect();
    renderChats(`/chats/${general.id}`, { connection: live!.connection });
    await screen.findByText('seen 2');

    resync();

    expect(await screen.findByText('missed while away')).toBeDefined();
    const history = api
      .requestsTo(`GET /api/v1/chats/${general.id}/messages`)
      .map((request) => new URL(request.url).search);
    expect(history).toEqual(['?limit=50', '?after=2&limit=200']);
    await waitFor(() => expect(api.requestsTo('GET /api/v1/chats').length).toBeGreaterThanOrEqual(2));
  });

  it('marks a chat where I was mentioned', async () => {
    const general = buildChat({ name: 'general' });
    const random = buildChat({ name: 'random', lastSeq: 1 });
    mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': { status: 200, body: { items: [general, random] } },
    });
    const { deliver } = connect();
    renderChats('/chats', { connection: live!.connection });
    await screen.findAllByTestId('chat-item');

    const mention = buildMessage({ chatId: random.id, seq: 2, authorId: boris.id, text: '@anna look' });
    deliver({ type: 'message.created', data: mention });
    deliver({ type: 'mention', data: mention });

    await waitFor(() => expect(badgeOf(random.id)).toBe('@1'));
    expect(within(sidebarItem(random.id)).getByTestId('unread-badge').getAttribute('data-mentioned')).toBe(
      'true',
    );
  });
});
