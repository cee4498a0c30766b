import { type Message } from '@beseda/protocol';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../auth/session';
import { type MockReply, mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildMessage, buildPerson } from './testing/chat-factories';
import { connectLive, type LiveConnection } from './testing/live-connection';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov' });
const chat = buildChat({ name: 'general', lastSeq: 200 });
const historyPath = `/api/v1/chats/${chat.id}/messages`;
const pinsPath = `/api/v1/chats/${chat.id}/pins`;

/** Messages with these seqs, all by Boris, texts "m<seq>". */
function messagesFrom(first: number, last: number, overrides: Partial<Message> = {}): Message[] {
  return Array.from({ length: last - first + 1 }, (_, i) =>
    buildMessage({
      chatId: chat.id,
      seq: first + i,
      authorId: boris.id,
      text: `m${first + i}`,
      ...overrides,
    }),
  );
}

type Handler = MockReply | ((request: Request) => Promise<MockReply> | MockReply);

function routes(history: Handler, extra: Record<string, Handler> = {}) {
  return mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET ${historyPath}`]: history,
    [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    [`GET /api/v1/users/${me.id}`]: { status: 200, body: buildPerson({ id: me.id }) },
    [`POST /api/v1/chats/${chat.id}/read`]: { status: 200, body: { lastReadSeq: 200 } },
    ...extra,
  });
}

const timeline = () => screen.getByTestId('message-list');
const rowOf = (text: string) =>
  within(timeline()).getByText(text).closest<HTMLElement>('[data-testid="message"]')!;
const pinnedTexts = () =>
  within(screen.getByTestId('pins-panel'))
    .queryAllByTestId('pinned-text')
    .map((item) => item.textContent);

describe('pinned messages', () => {
  let live: LiveConnection | null = null;

  beforeEach(() => signIn(buildTokenPair()));
  afterEach(() => {
    live?.stop();
    live = null;
    vi.restoreAllMocks();
  });

  it('pins and unpins a message from its menu, marking it in the timeline', async () => {
    const [message] = messagesFrom(1, 1, { text: 'Deploy checklist' });
    const pinPath = `/api/v1/messages/${message!.id}/pin`;
    const api = routes(
      { status: 200, body: { items: [message] } },
      { [`PUT ${pinPath}`]: { status: 204 }, [`DELETE ${pinPath}`]: { status: 204 } },
    );
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Deploy checklist');
    expect(within(rowOf('Deploy checklist')).queryByTestId('pinned-marker')).toBeNull();

    fireEvent.click(within(rowOf('Deploy checklist')).getByRole('button', { name: 'Pin' }));
    await waitFor(() => expect(api.requestsTo(`PUT ${pinPath}`)).toHaveLength(1));
    expect(within(rowOf('Deploy checklist')).getByTestId('pinned-marker').textContent).toBe('Pinned');

    fireEvent.click(within(rowOf('Deploy checklist')).getByRole('button', { name: 'Unpin' }));
    await waitFor(() => expect(api.requestsTo(`DELETE ${pinPath}`)).toHaveLength(1));
    expect(within(rowOf('Deploy checklist')).queryByTestId('pinned-marker')).toBeNull();
  });

  it('lists the pins newest first and keeps the list in step with pin events', async () => {
    const [first, second, third] = messagesFrom(1, 3);
    const pinned = [
      { ...second!, text: 'Newer pin', pinnedAt: '2026-03-03T10:00:00.000Z' },
      { ...first!, text: 'Older pin', pinnedAt: '2026-03-02T12:00:00.000Z' },
    ];
    routes(
      { status: 200, body: { items: [pinned[1], pinned[0], third] } },
      { [`GET ${pinsPath}`]: { status: 200, body: { items: pinned } } },
    );
    live = connectLive();
    renderChats(`/chats/${chat.id}`, { connection: live.connection });
    await screen.findByText('m3');

    fireEvent.click(screen.getByTestId('pins-toggle'));
    await within(screen.getByTestId('pins-panel')).findByText('Newer pin');
    expect(pinnedTexts()).toEqual(['Newer pin', 'Older pin']);

    // Someone pins the third message: it goes on top; someone unpins the older one: it leaves.
    live.deliver({ type: 'message.updated', data: { ...third!, pinnedAt: '2026-03-04T09:00:00.000Z' } });
    await waitFor(() => expect(pinnedTexts()).toEqual(['m3', 'Newer pin', 'Older pin']));
    expect(within(rowOf('m3')).getByTestId('pinned-marker')).toBeDefined();
    live.deliver({ type: 'message.updated', data: { ...pinned[1]!, pinnedAt: null } });
    await waitFor(() => expect(pinnedTexts()).toEqual(['m3', 'Newer pin']));
  });

  it('jumps to a pinned message older than the loaded history, loading it around that message', async () => {
    const scrolled: Element[] = [];
    // jsdom lays nothing out and has no scrollIntoView: record which row was brought into view.
    Element.prototype.scrollIntoView ??= () => undefined;
    vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
      scrolled.push(this);
    });
    const latest = messagesFrom(151, 200);
    const around = messagesFrom(5, 54);
    const gap = messagesFrom(55, 160);
    const target = { ...around[5]!, text: 'The plan', pinnedAt: '2026-03-03T10:00:00.000Z' };
    around[5] = target;
    const api = routes(
      (request) => {
        const query = new URL(request.url).searchParams;
        if (query.get('around') === target.id) return { status: 200, body: { items: around } };
        if (query.get('after') === '54') return { status: 200, body: { items: gap } };
        if (query.has('before')) return { status: 200, body: { items: [] } };
        return { status: 200, body: { items: latest } };
      },
      { [`GET ${pinsPath}`]: { status: 200, body: { items: [target] } } },
    );
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('m200');
    expect(within(timeline()).queryByText('The plan')).toBeNull();

    fireEvent.click(screen.getByTestId('pins-toggle'));
    const pins = await screen.findByTestId('pins-panel');
    fireEvent.click(await within(pins).findByRole('button', { name: 'Jump to message' }));

    const row = await waitFor(() =>
      within(timeline()).getByText('The plan').closest('[data-testid="message"]')!,
    );
    expect(row.getAttribute('data-highlighted')).toBe('true');
    expect(scrolled).toContain(row);
    // The loaded history is one unbroken stretch from the pin to the newest message.
    const seqs = within(timeline())
      .getAllByTestId('message')
      .map((item) => Number(item.getAttribute('data-seq')));
    expect(seqs).toEqual(Array.from({ length: 196 }, (_, i) => i + 5));
    const jumps = api
      .requestsTo(`GET ${historyPath}`)
      .map((request) => new URL(request.url).searchParams.toString());
    expect(jumps).toContain(`around=${target.id}&limit=50`);
  });

  it('opens the thread of a pinned reply instead of jumping in the timeline', async () => {
    const [root] = messagesFrom(1, 1, { text: 'Root message' });
    const reply = buildMessage({
      chatId: chat.id,
      seq: 2,
      authorId: boris.id,
      threadRootId: root!.id,
      text: 'Pinned reply',
      pinnedAt: '2026-03-03T10:00:00.000Z',
    });
    routes(
      { status: 200, body: { items: [root] } },
      {
        [`GET ${pinsPath}`]: { status: 200, body: { items: [reply] } },
        [`GET /api/v1/messages/${root!.id}/thread`]: {
          status: 200,
          body: { root, items: [reply], following: false },
        },
      },
    );
    const { router } = renderChats(`/chats/${chat.id}`);
    await screen.findByText('Root message');

    fireEvent.click(screen.getByTestId('pins-toggle'));
    fireEvent.click(
      await within(screen.getByTestId('pins-panel')).findByRole('button', { name: 'Open thread' }),
    );

    const thread = await screen.findByTestId('thread-panel');
    await within(thread).findByText('Pinned reply');
    expect(router.state.location.search).toBe(`?thread=${root!.id}`);
    expect(screen.queryByTestId('pins-panel')).toBeNull();
  });
});
