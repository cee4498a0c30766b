import { type Message } from '@beseda/protocol';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { apiError, type MockReply, mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildMessage, buildPerson } from './testing/chat-factories';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov' });
const chat = buildChat({ name: 'general', lastSeq: 1 });
const chatRoutes = (
  history: Message[],
  extra: Record<string, MockReply | MockReply[] | ((request: Request) => Promise<MockReply>)> = {},
) =>
  mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET /api/v1/chats/${chat.id}/messages`]: { status: 200, body: { items: history } },
    [`GET /api/v1/users/${me.id}`]: {
      status: 200,
      body: buildPerson({ id: me.id, displayName: me.displayName }),
    },
    [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    [`POST /api/v1/chats/${chat.id}/read`]: { status: 200, body: { lastReadSeq: 1 } },
    ...extra,
  });

function rows() {
  return within(screen.getByTestId('message-list')).getAllByTestId('message');
}

function type(text: string) {
  fireEvent.change(screen.getByTestId('composer'), { target: { value: text } });
}

function press(key: string, options: { shiftKey?: boolean } = {}) {
  fireEvent.keyDown(screen.getByTestId('composer'), { key, ...options });
}

async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  return (await request.clone().json()) as Record<string, unknown>;
}

describe('an open chat', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('shows a sent message at once as pending, then as the server stored it', async () => {
    const earlier = buildMessage({ chatId: chat.id, seq: 1, authorId: boris.id, text: 'Hi there' });
    let answer: (reply: MockReply) => void = () => undefined;
    const api = chatRoutes([earlier], {
      [`POST /api/v1/chats/${chat.id}/messages`]: async (request) => {
        const { clientId, text } = await bodyOf(request);
        const stored = buildMessage({
          chatId: chat.id,
          seq: 2,
          authorId: me.id,
          clientId: clientId as string,
          text: text as string,
        });
        return new Promise<MockReply>((resolve) => {
          answer = () => resolve({ status: 201, body: stored });
        });
      },
    });
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Hi there');

    type('Line one\nLine two');
    press('Enter');

    const pending = rows().at(-1)!;
    expect(pending.getAttribute('data-pending')).toBe('sending');
    expect(within(pending).getByTestId('message-text').textContent).toBe('Line one\nLine two');
    expect((screen.getByTestId('composer') as HTMLTextAreaElement).value).toBe('');
    await waitFor(() => expect(api.requestsTo(`POST /api/v1/chats/${chat.id}/messages`)).toHaveLength(1));
    const sent = await bodyOf(api.requestsTo(`POST /api/v1/chats/${chat.id}/messages`)[0]!);
    expect(sent).toEqual({ clientId: expect.stringMatching(/^[0-9a-f-]{36}$/), text: 'Line one\nLine two' });

    answer({ status: 201 });
    await waitFor(() => expect(rows().map((row) => row.getAttribute('data-seq'))).toEqual(['1', '2']));
    expect(rows()[1]!.getAttribute('data-pending')).toBeNull();
    expect(screen.queryByText('Sending…')).toBeNull();
  });

  it('keeps Shift+Enter as a new line and does not send', async () => {
    const api = chatRoutes([]);
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('composer');

    type('first line');
    press('Enter', { shiftKey: true });

    expect(api.requestsTo(`POST /api/v1/chats/${chat.id}/messages`)).toHaveLength(0);
  });

  it('retries a failed send with the same clientId, so the server stores it once', async () => {
    const api = chatRoutes([], {
      [`POST /api/v1/chats/${chat.id}/messages`]: [
        // A refusal that will not go away by itself; a 5xx would be tried again automatically.
        apiError(403, 'chat.forbidden'),
        {
          status: 201,
          body: buildMessage({ chatId: chat.id, seq: 1, authorId: me.id, text: 'Are you there?' }),
        },
      ],
    });
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('chat-beginning');

    type('Are you there?');
    press('Enter');

    const failed = await waitFor(() => {
      const row = rows().at(-1)!;
      expect(row.getAttribute('data-pending')).toBe('failed');
      return row;
    });
    expect(within(failed).getByText(/Not sent/)).toBeDefined();
    fireEvent.click(within(failed).getByRole('button', { name: 'Retry' }));

    await waitFor(() => expect(rows().map((row) => row.getAttribute('data-seq'))).toEqual(['1']));
    const attempts = api.requestsTo(`POST /api/v1/chats/${chat.id}/messages`);
    expect(attempts).toHaveLength(2);
    const [first, second] = await Promise.all(attempts.map(bodyOf));
    expect(second!.clientId).toBe(first!.clientId);
    expect(rows()).toHaveLength(1);
  });

  it('edits my last message from the up arrow in an empty composer, and Escape cancels', async () => {
    const mine = buildMessage({ chatId: chat.id, seq: 1, authorId: me.id, text: 'See you at 5' });
    const theirs = buildMessage({ chatId: chat.id, seq: 2, authorId: boris.id, text: 'OK' });
    const api = chatRoutes([mine, theirs], {
      [`PATCH /api/v1/messages/${mine.id}`]: {
        status: 200,
        body: { ...mine, text: 'See you at 6', editedAt: '2026-03-02T10:10:00.000Z' },
      },
    });
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('See you at 5');
    const composer = screen.getByTestId('composer') as HTMLTextAreaElement;

    press('ArrowUp');
    expect(composer.value).toBe('See you at 5');
    expect(screen.getByText('Editing message')).toBeDefined();
    press('Escape');
    expect(composer.value).toBe('');
    expect(screen.queryByText('Editing message')).toBeNull();

    press('ArrowUp');
    type('See you at 6');
    press('Enter');

    await waitFor(() => expect(api.requestsTo(`PATCH /api/v1/messages/${mine.id}`)).toHaveLength(1));
    expect(await bodyOf(api.requestsTo(`PATCH /api/v1/messages/${mine.id}`)[0]!)).toEqual({
      text: 'See you at 6',
    });
    const edited = rows()[0]!;
    expect(within(edited).getByTestId('message-text').textContent).toBe('See you at 6(edited)');
    expect(composer.value).toBe('');
    expect(api.requestsTo(`POST /api/v1/chats/${chat.id}/messages`)).toHaveLength(0);
  });

  it('shows a deleted message as a muted line without its text or actions', async () => {
    const deleted = buildMessage({ chatId: chat.id, seq: 1, authorId: me.id, text: '', deleted: true });
    const kept = buildMessage({ chatId: chat.id, seq: 2, authorId: me.id, text: 'Still here' });
    chatRoutes([deleted, kept]);
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Still here');

    const [tombstone, live] = rows();
    expect(tombstone!.getAttribute('data-deleted')).toBe('true');
    expect(within(tombstone!).getByText('Message deleted')).toBeDefined();
    expect(within(tombstone!).queryByRole('button')).toBeNull();
    expect(within(live!).getByRole('button', { name: 'Edit' })).toBeDefined();
  });

  it('deletes my message after confirmation', async () => {
    const mine = buildMessage({ chatId: chat.id, seq: 1, authorId: me.id, text: 'Oops, wrong chat' });
    const api = chatRoutes([mine], { [`DELETE /api/v1/messages/${mine.id}`]: { status: 204 } });
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Oops, wrong chat');

    fireEvent.click(within(rows()[0]!).getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete this message?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.requestsTo(`DELETE /api/v1/messages/${mine.id}`)).toHaveLength(1);
    expect(within(rows()[0]!).getByText('Message deleted')).toBeDefined();
    expect(screen.queryByText('Oops, wrong chat')).toBeNull();
  });

  it('marks the chat read up to the newest message once it is on screen', async () => {
    const unreadChat = { ...chat, lastSeq: 3, unreadCount: 2 };
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': { status: 200, body: { items: [unreadChat] } },
      [`GET /api/v1/chats/${chat.id}/messages`]: {
        status: 200,
        body: {
          items: [1, 2, 3].map((seq) => buildMessage({ chatId: chat.id, seq, authorId: boris.id })),
        },
      },
      [`POST /api/v1/chats/${chat.id}/read`]: { status: 200, body: { lastReadSeq: 3 } },
    });
    renderChats(`/chats/${chat.id}`);

    await waitFor(() => expect(api.requestsTo(`POST /api/v1/chats/${chat.id}/read`)).toHaveLength(1), {
      timeout: 2_000,
    });
    expect(await bodyOf(api.requestsTo(`POST /api/v1/chats/${chat.id}/read`)[0]!)).toEqual({ seq: 3 });
    expect(screen.getByTestId('unread-divider')).toBeDefined();
  });

  it('counts characters near the 10,000 limit and does not send past it', async () => {
    const api = chatRoutes([]);
    renderChats(`/chats/${chat.id}`);
    await screen.findByTestId('chat-beginning');

    type('x'.repeat(8_999));
    expect(screen.queryByTestId('composer-counter')).toBeNull();
    type('x'.repeat(9_500));
    expect(screen.getByTestId('composer-counter').textContent).toBe('9,500 / 10,000');
    type('x'.repeat(10_003));
    expect(screen.getByTestId('composer-counter').textContent).toBe('3 characters over the limit');
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    press('Enter');

    expect(api.requestsTo(`POST /api/v1/chats/${chat.id}/messages`)).toHaveLength(0);
  });
});
