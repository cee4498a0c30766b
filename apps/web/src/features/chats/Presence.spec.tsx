import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildMessage, buildPerson } from './testing/chat-factories';
import { connectLive, type LiveConnection } from './testing/live-connection';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov', presence: 'online' });
const direct = buildChat({ type: 'direct', name: 'Boris Ivanov', peerId: boris.id, lastSeq: 1 });

/** The presence dots' titles inside an element, in document order. */
function dots(element: HTMLElement): string[] {
  return [...element.querySelectorAll('[title]')]
    .map((dot) => dot.getAttribute('title') ?? '')
    .filter((title) => ['Online', 'Away', 'Do not disturb'].includes(title));
}

describe('presence', () => {
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

  it('shows dots in a direct chat and the member list, and follows presence.changed', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': { status: 200, body: { items: [direct] } },
      [`GET /api/v1/chats/${direct.id}/messages`]: {
        status: 200,
        body: { items: [buildMessage({ chatId: direct.id, seq: 1, authorId: boris.id, text: 'Hello' })] },
      },
      [`GET /api/v1/chats/${direct.id}/members`]: {
        status: 200,
        body: {
          items: [{ userId: boris.id, role: 'member', joinedAt: '2026-03-01T09:00:00.000Z' }],
        },
      },
      [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
      [`POST /api/v1/chats/${direct.id}/read`]: { status: 200, body: { lastReadSeq: 1 } },
    });
    const { deliver } = connect();
    renderChats(`/chats/${direct.id}`, { connection: live!.connection });
    const row = (await screen.findByText('Hello')).closest('[data-testid="message"]') as HTMLElement;
    await waitFor(() => expect(dots(row)).toEqual(['Online']));

    deliver({ type: 'presence.changed', data: { userId: boris.id, presence: 'dnd' } });
    await waitFor(() => expect(dots(row)).toEqual(['Do not disturb']));
    const sidebar = screen.getByTestId('chat-sidebar');
    expect(dots(sidebar)).toEqual(['Do not disturb']);

    deliver({ type: 'presence.changed', data: { userId: boris.id, presence: 'offline' } });
    await waitFor(() => expect(dots(row)).toEqual([]));

    deliver({ type: 'presence.changed', data: { userId: boris.id, presence: 'away' } });
    fireEvent.click(screen.getByRole('button', { name: /members/i }));
    const member = await within(await screen.findByTestId('members-panel')).findByTestId('member');
    await waitFor(() => expect(dots(member)).toEqual(['Away']));
  });
});
