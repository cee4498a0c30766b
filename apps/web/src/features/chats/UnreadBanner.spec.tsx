import { type Message } from '@beseda/protocol';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildMessage, buildPerson } from './testing/chat-factories';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov' });

/**
 * A chat of 120 messages read up to `lastReadSeq`. The first page holds the newest 50; older
 * pages load only when `olderPagesLoad`, so the first unread can be out of what is loaded.
 */
function setUp(lastReadSeq: number, unreadCount: number, olderPagesLoad: boolean) {
  const chat = buildChat({
    name: 'general',
    lastSeq: 120,
    unreadCount,
    membership: { role: 'member', lastReadSeq, notificationLevel: 'all', muted: false, favourite: false },
  });
  const messages: Message[] = Array.from({ length: 120 }, (_, i) =>
    buildMessage({ chatId: chat.id, seq: i + 1, authorId: boris.id, text: `m${i + 1}` }),
  );
  const historyPath = `/api/v1/chats/${chat.id}/messages`;
  const api = mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET ${historyPath}`]: (request) => {
      const query = new URL(request.url).searchParams;
      const limit = Number(query.get('limit'));
      const page = (items: Message[]) => ({ status: 200, body: { items } });
      if (query.has('after')) {
        const after = Number(query.get('after'));
        return page(messages.filter((m) => m.seq > after).slice(0, limit));
      }
      if (query.has('around')) {
        const index = messages.findIndex((m) => m.id === query.get('around'));
        return page(messages.slice(Math.max(0, index - 25), index + 25));
      }
      if (query.has('before')) {
        if (!olderPagesLoad) return { status: 503, body: { error: { code: 'x', message: 'down' } } };
        const before = Number(query.get('before'));
        return page(messages.filter((m) => m.seq < before).slice(-limit));
      }
      return page(messages.slice(-50));
    },
    [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    [`POST /api/v1/chats/${chat.id}/read`]: { status: 200, body: { lastReadSeq } },
  });
  renderChats(`/chats/${chat.id}`);
  return { api, historyPath, messages };
}

/** jsdom lays nothing out: put the divider above the top of the list. */
function dividerScrolledAway() {
  const original = Element.prototype.getBoundingClientRect;
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    if (this.getAttribute('data-testid') === 'unread-divider') {
      return { ...original.call(this), top: -300, bottom: -280 };
    }
    return original.call(this);
  });
}

describe('the jump to the first unread message', () => {
  const scrolled: Element[] = [];
  beforeEach(() => {
    signIn(buildTokenPair());
    scrolled.length = 0;
    Element.prototype.scrollIntoView ??= () => undefined;
    vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
      scrolled.push(this);
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('is offered when reading begins above the view, and scrolls to the divider', async () => {
    dividerScrolledAway();
    setUp(20, 100, true);
    const banner = await screen.findByTestId('unread-banner');
    expect(banner.textContent).toContain('100 new messages');
    const divider = screen.getByTestId('unread-divider');
    // The divider sits right before the first unread message.
    expect(divider.nextElementSibling?.textContent).toContain('m21');
    fireEvent.click(within(banner).getByRole('button', { name: /Jump/ }));
    expect(scrolled).toContain(divider);
  });

  it('loads the first unread message when it is not loaded, and brings it into view', async () => {
    const { api, historyPath, messages } = setUp(20, 100, false);
    await screen.findByText('m120');
    // m71 is the oldest loaded, but reading begins at m21: no divider until that is loaded.
    expect(screen.queryByTestId('unread-divider')).toBeNull();
    const banner = await screen.findByTestId('unread-banner');
    fireEvent.click(within(banner).getByRole('button', { name: /Jump/ }));

    const firstUnread = await waitFor(() =>
      within(screen.getByTestId('message-list')).getByText('m21').closest('[data-testid="message"]')!,
    );
    expect(firstUnread.getAttribute('data-highlighted')).toBe('true');
    expect(scrolled).toContain(firstUnread);
    const queries = api.requestsTo(`GET ${historyPath}`).map((r) => new URL(r.url).searchParams.toString());
    expect(queries).toContain('after=20&limit=1');
    expect(queries).toContain(`around=${messages[20]!.id}&limit=50`);
  });

  it('is not offered when the new messages start within view', async () => {
    setUp(110, 10, true);
    await screen.findByText('m120');
    expect(screen.getByTestId('unread-divider')).toBeTruthy();
    expect(screen.queryByTestId('unread-banner')).toBeNull();
  });

  it('can be dismissed', async () => {
    dividerScrolledAway();
    setUp(20, 100, true);
    const banner = await screen.findByTestId('unread-banner');
    fireEvent.click(within(banner).getByRole('button', { name: 'Hide' }));
    expect(screen.queryByTestId('unread-banner')).toBeNull();
  });
});
