import { type Message } from '@beseda/protocol';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../auth/session';
import { type MockReply, mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { RealtimeConnection } from '../../realtime/connection';
import { fakeSession, fakeSockets, hello } from '../../realtime/testing/fake-socket';
import { Outbox } from './outbox';
import { buildChat, buildMessage, buildPerson } from './testing/chat-factories';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const chat = buildChat({ name: 'general' });
const postRoute = `POST /api/v1/chats/${chat.id}/messages`;

/**
 * The server stores each clientId once and answers a repeat with the message it already has.
 * While `unreachable()` says so, a send gets no answer at all.
 */
function chatServer(unreachable: () => boolean = () => false) {
  const stored = new Map<string, Message>();
  return mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET /api/v1/chats/${chat.id}/messages`]: () => ({ status: 200, body: { items: [...stored.values()] } }),
    [`GET /api/v1/users/${me.id}`]: { status: 200, body: buildPerson({ id: me.id }) },
    [`POST /api/v1/chats/${chat.id}/read`]: { status: 200, body: { lastReadSeq: 0 } },
    [postRoute]: async (request): Promise<MockReply> => {
      if (unreachable()) throw new TypeError('Failed to fetch');
      const { clientId, text } = (await request.clone().json()) as { clientId: string; text: string };
      const message =
        stored.get(clientId) ??
        buildMessage({ chatId: chat.id, seq: stored.size + 1, authorId: me.id, clientId, text });
      stored.set(clientId, message);
      return { status: 201, body: message };
    },
  });
}

async function postedBodies(api: ReturnType<typeof chatServer>) {
  return Promise.all(
    api
      .requestsTo(postRoute)
      .map(async (request) => (await request.clone().json()) as { clientId: string; text: string }),
  );
}

function rows() {
  return within(screen.getByTestId('message-list')).queryAllByTestId('message');
}

function send(text: string) {
  fireEvent.change(screen.getByTestId('composer'), { target: { value: text } });
  fireEvent.keyDown(screen.getByTestId('composer'), { key: 'Enter' });
}

function goOffline() {
  const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
  act(() => void window.dispatchEvent(new Event('offline')));
  return () => {
    onLine.mockReturnValue(true);
    act(() => void window.dispatchEvent(new Event('online')));
  };
}

describe('sending while offline', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('queues messages with a notice, then sends each once, in order, when the network returns', async () => {
    const api = chatServer();
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('chat-beginning');
    const goOnline = goOffline();

    expect(screen.getByTestId('offline-notice').textContent).toBe(
      'You are offline — messages will be sent when the connection returns',
    );
    send('first');
    send('second');

    expect(rows().map((row) => row.getAttribute('data-pending'))).toEqual(['sending', 'sending']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.requestsTo(postRoute)).toHaveLength(0);

    goOnline();

    await waitFor(() => expect(rows().map((row) => row.getAttribute('data-seq'))).toEqual(['1', '2']));
    expect((await postedBodies(api)).map((body) => body.text)).toEqual(['first', 'second']);
    expect(screen.queryByTestId('offline-notice')).toBeNull();
    expect(localStorage.getItem(`beseda.outbox.v1.${me.id}`)).toBeNull();
  });

  it('sends a message that reached no server as soon as the realtime connection is back', async () => {
    let down = true;
    const api = chatServer(() => down);
    const sockets = fakeSockets();
    const connection = new RealtimeConnection({
      url: 'ws://localhost/api/v1/ws',
      auth: fakeSession().auth,
      createSocket: sockets.create,
      wakeups: () => () => undefined,
      random: () => 0,
    });
    connection.start();
    sockets.latest().accept();
    sockets.latest().receive(hello());
    renderChats(`/chats/${chat.id}`, { connection });
    await screen.findByTestId('chat-beginning');
    act(() => sockets.latest().drop(1006));

    send('are you there?');

    await screen.findByTestId('offline-notice');
    expect(rows().map((row) => row.getAttribute('data-pending'))).toEqual(['sending']);
    expect(api.requestsTo(postRoute)).toHaveLength(1);

    down = false;
    await waitFor(() => expect(sockets.sockets).toHaveLength(2));
    act(() => {
      sockets.latest().accept();
      sockets.latest().receive(hello());
    });

    // Well before the outbox's own retry timer (two seconds) would have fired.
    await waitFor(() => expect(rows().map((row) => row.getAttribute('data-seq'))).toEqual(['1']), {
      timeout: 1_000,
    });
    expect(api.requestsTo(postRoute)).toHaveLength(2);
    const [first, second] = await postedBodies(api);
    expect(second).toEqual(first);
    expect(screen.queryByTestId('offline-notice')).toBeNull();
    connection.stop();
  });

  it('sends what an earlier page left unsent, with the same clientId, exactly once', async () => {
    // The page before the reload: offline, two messages written, kept in storage.
    const earlier = new Outbox({ storage: localStorage, isOnline: () => false });
    earlier.open(me.id);
    const first = {
      clientId: crypto.randomUUID(),
      chatId: chat.id,
      text: 'written offline',
      createdAt: '2026-03-02T10:00:00.000Z',
    };
    const second = { ...first, clientId: crypto.randomUUID(), text: 'and this one' };
    earlier.enqueue(first);
    earlier.enqueue(second);
    // Another person's queue in the same browser stays theirs.
    const someoneElse = new Outbox({ storage: localStorage, isOnline: () => false });
    someoneElse.open(crypto.randomUUID());
    someoneElse.enqueue({ ...first, clientId: crypto.randomUUID(), text: 'not mine' });

    const api = chatServer();
    renderChats(`/chats/${chat.id}`);

    await waitFor(() => expect(rows().map((row) => row.getAttribute('data-seq'))).toEqual(['1', '2']));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const bodies = await postedBodies(api);
    expect(bodies).toEqual([
      { clientId: first.clientId, text: 'written offline' },
      { clientId: second.clientId, text: 'and this one' },
    ]);
    expect(screen.queryByText('not mine')).toBeNull();
    expect(localStorage.getItem(`beseda.outbox.v1.${me.id}`)).toBeNull();
  });
});
