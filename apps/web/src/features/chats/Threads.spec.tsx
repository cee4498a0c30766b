import { type Message } from '@beseda/protocol';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { type MockReply, mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildMessage, buildPerson } from './testing/chat-factories';
import { connectLive, type LiveConnection } from './testing/live-connection';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov' });
const chat = buildChat({ name: 'general', lastSeq: 3 });
const root = buildMessage({
  chatId: chat.id,
  seq: 1,
  authorId: boris.id,
  text: 'Release on Friday?',
  thread: { replyCount: 2, lastReplyAt: '2026-03-02T10:05:00.000Z', participantIds: [boris.id, me.id] },
});
const replies = [
  buildMessage({ chatId: chat.id, seq: 2, authorId: me.id, threadRootId: root.id, text: 'Works for me' }),
  buildMessage({ chatId: chat.id, seq: 3, authorId: boris.id, threadRootId: root.id, text: 'Great, Friday' }),
];
const threadPath = `/api/v1/messages/${root.id}/thread`;
const sendPath = `/api/v1/chats/${chat.id}/messages`;

type Routes = Record<string, MockReply | MockReply[] | ((request: Request) => Promise<MockReply>)>;

function routes(history: Message[], extra: Routes = {}) {
  return mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET ${sendPath}`]: { status: 200, body: { items: history } },
    [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    [`GET /api/v1/users/${me.id}`]: { status: 200, body: buildPerson({ id: me.id, displayName: 'Me' }) },
    [`POST /api/v1/chats/${chat.id}/read`]: { status: 200, body: { lastReadSeq: 1 } },
    ...extra,
  });
}

const timeline = () => screen.getByTestId('message-list');
const panel = () => screen.getByTestId('thread-panel');
const panelRows = () => within(screen.getByTestId('thread-replies')).getAllByTestId('message');
const replyTexts = () =>
  panelRows()
    .filter((row) => !within(screen.getByTestId('thread-root')).queryAllByTestId('message').includes(row))
    .map((row) => within(row).getByTestId('message-text').textContent);

async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  return (await request.clone().json()) as Record<string, unknown>;
}

describe('threads', () => {
  let live: LiveConnection | null = null;

  beforeEach(() => signIn(buildTokenPair()));
  afterEach(() => {
    live?.stop();
    live = null;
  });

  it('opens the thread from the reply count under a message, and puts it in the address', async () => {
    const api = routes([root], {
      [`GET ${threadPath}`]: { status: 200, body: { root, items: replies, following: true } },
    });
    const { router } = renderChats(`/chats/${chat.id}`);
    await screen.findByText('Release on Friday?');
    expect(screen.queryByTestId('thread-panel')).toBeNull();

    const summary = within(timeline()).getByTestId('thread-summary');
    expect(summary.textContent).toContain('2 replies');
    fireEvent.click(summary);

    await within(panel()).findByText('Great, Friday');
    expect(replyTexts()).toEqual(['Works for me', 'Great, Friday']);
    expect(within(screen.getByTestId('thread-root')).getByTestId('message-text').textContent).toBe(
      'Release on Friday?',
    );
    // Replies stay out of the timeline.
    expect(within(timeline()).queryByText('Works for me')).toBeNull();
    expect(router.state.location.search).toBe(`?thread=${root.id}`);
    expect(api.requestsTo(`GET ${threadPath}`)).toHaveLength(1);

    fireEvent.click(within(panel()).getByRole('button', { name: 'Close the thread' }));
    await waitFor(() => expect(screen.queryByTestId('thread-panel')).toBeNull());
    expect(router.state.location.search).toBe('');
  });

  it('replies from the message menu: shown at once, sent with replyTo and a clientId, counted on the root', async () => {
    const bare = { ...root, thread: null };
    let answer: () => void = () => undefined;
    const api = routes([bare], {
      [`GET ${threadPath}`]: { status: 200, body: { root: bare, items: [], following: false } },
      [`POST ${sendPath}`]: async (request) => {
        const { clientId, text } = await bodyOf(request);
        const stored = buildMessage({
          chatId: chat.id,
          seq: 4,
          authorId: me.id,
          threadRootId: root.id,
          replyToId: root.id,
          clientId: clientId as string,
          text: text as string,
          createdAt: new Date().toISOString(),
        });
        return new Promise<MockReply>((resolve) => {
          answer = () => resolve({ status: 201, body: stored });
        });
      },
    });
    renderChats(`/chats/${chat.id}`);
    const row = (await screen.findByText('Release on Friday?')).closest('[data-testid="message"]')!;
    expect(within(row as HTMLElement).queryByTestId('thread-summary')).toBeNull();

    fireEvent.click(within(row as HTMLElement).getByRole('button', { name: 'Reply in thread' }));
    await within(panel()).findByText('No replies yet');
    const composer = within(panel()).getByTestId('composer');
    fireEvent.change(composer, { target: { value: 'On it' } });
    fireEvent.keyDown(composer, { key: 'Enter' });

    const pending = panelRows().at(-1)!;
    expect(pending.getAttribute('data-pending')).toBe('sending');
    expect(within(pending).getByTestId('message-text').textContent).toBe('On it');
    await waitFor(() => expect(api.requestsTo(`POST ${sendPath}`)).toHaveLength(1));
    expect(await bodyOf(api.requestsTo(`POST ${sendPath}`)[0]!)).toEqual({
      clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      text: 'On it',
      replyTo: root.id,
    });
    // Neither the pending nor the stored reply is a timeline message.
    expect(within(timeline()).queryByText('On it')).toBeNull();

    answer();
    await waitFor(() => expect(panelRows().at(-1)!.getAttribute('data-pending')).toBeNull());
    expect(replyTexts()).toEqual(['On it']);
    expect(within(timeline()).getByTestId('thread-summary').textContent).toContain('1 reply');
    expect(within(panel()).getByTestId('thread-reply-count').textContent).toBe('1 reply');
    expect(within(panel()).getByTestId('thread-follow').textContent).toBe('Unfollow');
    expect(within(timeline()).queryByText('On it')).toBeNull();
  });

  it('shows a live reply from someone else in the open thread, and the root’s new count', async () => {
    routes([root], {
      [`GET ${threadPath}`]: { status: 200, body: { root, items: replies, following: true } },
    });
    live = connectLive();
    // Opened from the address, as after a reload.
    renderChats(`/chats/${chat.id}?thread=${root.id}`, { connection: live.connection });
    await within(await screen.findByTestId('thread-panel')).findByText('Great, Friday');

    const reply = buildMessage({
      chatId: chat.id,
      seq: 4,
      authorId: boris.id,
      threadRootId: root.id,
      text: 'See you there',
      createdAt: '2026-03-02T10:07:00.000Z',
    });
    live.deliver({ type: 'message.created', data: reply });
    await waitFor(() => expect(replyTexts()).toEqual(['Works for me', 'Great, Friday', 'See you there']));
    expect(within(timeline()).queryByText('See you there')).toBeNull();

    live.deliver({
      type: 'message.updated',
      data: {
        ...root,
        thread: { replyCount: 3, lastReplyAt: reply.createdAt, participantIds: [boris.id, me.id] },
      },
    });
    await waitFor(() =>
      expect(within(timeline()).getByTestId('thread-summary').textContent).toContain('3 replies'),
    );
    expect(within(panel()).getByTestId('thread-reply-count').textContent).toBe('3 replies');

    // An edit of a reply lands in the thread, never in the timeline.
    live.deliver({
      type: 'message.updated',
      data: { ...reply, text: 'See you there at 5', editedAt: '2026-03-02T10:08:00.000Z' },
    });
    await within(panel()).findByText('See you there at 5');
    expect(within(timeline()).queryByText('See you there at 5')).toBeNull();
  });

  it('follows and unfollows the thread', async () => {
    const api = routes([root], {
      [`GET ${threadPath}`]: { status: 200, body: { root, items: replies, following: false } },
      [`PUT /api/v1/messages/${root.id}/follow`]: { status: 204 },
      [`DELETE /api/v1/messages/${root.id}/follow`]: { status: 204 },
    });
    renderChats(`/chats/${chat.id}?thread=${root.id}`);
    const toggle = await within(await screen.findByTestId('thread-panel')).findByTestId('thread-follow');
    expect(toggle.textContent).toBe('Follow');

    fireEvent.click(toggle);
    await waitFor(() => expect(api.requestsTo(`PUT /api/v1/messages/${root.id}/follow`)).toHaveLength(1));
    await waitFor(() => expect(within(panel()).getByTestId('thread-follow').textContent).toBe('Unfollow'));

    fireEvent.click(within(panel()).getByTestId('thread-follow'));
    await waitFor(() => expect(api.requestsTo(`DELETE /api/v1/messages/${root.id}/follow`)).toHaveLength(1));
    await waitFor(() => expect(within(panel()).getByTestId('thread-follow').textContent).toBe('Follow'));
  });

  it('says in Russian how many replies there are', async () => {
    routes([{ ...root, thread: { ...root.thread!, replyCount: 5 } }]);
    renderChats(`/chats/${chat.id}`, { language: 'ru' });
    const summary = await screen.findByTestId('thread-summary');
    expect(summary.textContent).toContain('5 ответов');
  });
});
