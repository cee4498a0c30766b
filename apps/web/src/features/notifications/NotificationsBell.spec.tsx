import { type Notification } from '@beseda/protocol';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildPerson } from '../chats/testing/chat-factories';
import { connectLive, type LiveConnection } from '../chats/testing/live-connection';
import { renderChats } from '../chats/testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov' });
const chat = buildChat({ name: 'launch' });

function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: crypto.randomUUID(),
    kind: 'mention',
    chatId: chat.id,
    messageId: crypto.randomUUID(),
    threadRootId: null,
    actorId: boris.id,
    preview: 'please look at the plan',
    createdAt: new Date().toISOString(),
    readAt: null,
    ...overrides,
  };
}

describe('the notifications bell', () => {
  let live: LiveConnection | null = null;
  beforeEach(() => signIn(buildTokenPair()));
  afterEach(() => {
    live?.stop();
    live = null;
  });

  it('counts unread ones, adds new ones live, and opens the message, marking it read', async () => {
    const mention = notification();
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
      'GET /api/v1/notifications': {
        status: 200,
        body: {
          items: [mention, notification({ readAt: new Date().toISOString() })],
          nextCursor: null,
          unreadCount: 1,
        },
      },
      [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
      'POST /api/v1/notifications/read': { status: 204 },
      [`GET /api/v1/chats/${chat.id}/messages`]: { status: 200, body: { items: [] } },
    });
    live = connectLive();
    const { router } = renderChats('/chats', { connection: live.connection });
    const bell = await screen.findByTestId('notifications-bell');
    await waitFor(() => expect(screen.getByTestId('notifications-unread').textContent).toBe('1'));

    live.deliver({
      type: 'notification.created',
      data: notification({ kind: 'direct', preview: 'are you there?' }),
    });
    await waitFor(() => expect(screen.getByTestId('notifications-unread').textContent).toBe('2'));

    fireEvent.click(bell);
    const panel = await screen.findByTestId('notifications-panel');
    await within(panel).findAllByText(/Boris Ivanov mentioned you in #launch/);
    const items = within(panel).getAllByTestId('notification');
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining('Boris Ivanov wrote to you'),
      expect.stringContaining('Boris Ivanov mentioned you in #launch'),
      expect.stringContaining('Boris Ivanov mentioned you in #launch'),
    ]);
    fireEvent.click(items[1]!);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/chats/${chat.id}`));
    const [request] = api.requestsTo('POST /api/v1/notifications/read');
    expect(await request!.json()).toEqual({ ids: [mention.id] });
    await waitFor(() => expect(screen.getByTestId('notifications-unread').textContent).toBe('1'));

    // Read on another device: everything.
    live.deliver({ type: 'notification.read', data: { ids: null } });
    await waitFor(() => expect(screen.queryByTestId('notifications-unread')).toBeNull());
  });

  it('opens a thread reply in its thread, and marks all read', async () => {
    const reply = notification({ kind: 'thread_reply', threadRootId: crypto.randomUUID() });
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
      'GET /api/v1/notifications': {
        status: 200,
        body: { items: [reply], nextCursor: null, unreadCount: 1 },
      },
      [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
      'POST /api/v1/notifications/read': { status: 204 },
    });
    const { router } = renderChats('/chats');
    fireEvent.click(await screen.findByTestId('notifications-bell'));
    const panel = await screen.findByTestId('notifications-panel');
    fireEvent.click(await within(panel).findByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(api.requestsTo('POST /api/v1/notifications/read')).toHaveLength(1));
    expect(await api.requestsTo('POST /api/v1/notifications/read')[0]!.json()).toEqual({});
    expect(screen.queryByTestId('notifications-unread')).toBeNull();
    fireEvent.click(within(panel).getByTestId('notification'));
    await waitFor(() => expect(router.state.location.search).toBe(`?thread=${reply.threadRootId}`));
  });
});
