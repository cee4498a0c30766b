import { type Message, type SearchFileHit, type SearchHit } from '@beseda/protocol';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildMessage, buildPerson } from '../chats/testing/chat-factories';
import { renderChats } from '../chats/testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov' });
const chat = buildChat({ name: 'general', lastSeq: 200 });
const historyPath = `/api/v1/chats/${chat.id}/messages`;

function messagesFrom(first: number, last: number): Message[] {
  return Array.from({ length: last - first + 1 }, (_, i) =>
    buildMessage({ chatId: chat.id, seq: first + i, authorId: boris.id, text: `m${first + i}` }),
  );
}

const target = { ...messagesFrom(20, 20)[0]!, text: 'Собаки гуляют в парке' };
const hit: SearchHit = {
  chatId: chat.id,
  message: {
    id: target.id,
    chatId: chat.id,
    seq: target.seq,
    authorId: boris.id,
    text: target.text,
    threadRootId: null,
    createdAt: target.createdAt,
    editedAt: null,
  },
  snippet: { text: target.text, highlights: [{ start: 0, end: 6 }] },
};

const fileHit: SearchFileHit = {
  file: {
    id: '0195f0a4-7c1e-7d3a-9b6e-1a2b3c4d5e6f',
    name: 'собака-план.pdf',
    size: 1200,
    contentType: 'application/pdf',
    kind: 'file',
    width: null,
    height: null,
    url: '/api/v1/files/0195f0a4-7c1e-7d3a-9b6e-1a2b3c4d5e6f?v=original&exp=1&sig=x',
    previewUrl: null,
    thumbnailUrl: null,
  },
  chatId: chat.id,
  messageId: target.id,
  authorId: boris.id,
  sentAt: target.createdAt,
};

function routes() {
  return mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    'GET /api/v1/search/messages': { status: 200, body: { items: [hit], nextCursor: null } },
    'GET /api/v1/search/chats': { status: 200, body: { items: [] } },
    'GET /api/v1/search/files': { status: 200, body: { items: [fileHit], nextCursor: null } },
    // The directory search finds nobody; the batch of authors (`?ids=`) finds Boris.
    'GET /api/v1/users': (request) => {
      const ids = new URL(request.url).searchParams.get('ids')?.split(',') ?? [];
      return { status: 200, body: { items: ids.includes(boris.id) ? [boris] : [] } };
    },
    [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    [`GET /api/v1/users/${me.id}`]: { status: 200, body: buildPerson({ id: me.id }) },
    [`GET ${historyPath}`]: (request) => {
      const query = new URL(request.url).searchParams;
      if (query.get('around') === target.id)
        return { status: 200, body: { items: messagesFrom(1, 50).map((m) => (m.seq === 20 ? target : m)) } };
      if (query.has('after')) return { status: 200, body: { items: messagesFrom(51, 200) } };
      if (query.has('before')) return { status: 200, body: { items: [] } };
      return { status: 200, body: { items: messagesFrom(151, 200) } };
    },
    [`POST /api/v1/chats/${chat.id}/read`]: { status: 200, body: { lastReadSeq: 200 } },
  });
}

const searchRequests = (api: ReturnType<typeof mockApi>) =>
  api.requestsTo('GET /api/v1/search/messages').map((request) => new URL(request.url).searchParams);

describe('search', () => {
  beforeEach(() => signIn(buildTokenPair()));
  afterEach(() => vi.restoreAllMocks());

  it('searches from the top bar and shows the matches marked in the snippet', async () => {
    const api = routes();
    const { router } = renderChats('/chats');
    const box = await screen.findByRole('searchbox', { name: 'Search messages, chats and people' });
    fireEvent.change(box, { target: { value: 'собака' } });
    fireEvent.submit(box.closest('form')!);

    const result = await screen.findByTestId('search-hit');
    expect(router.state.location.pathname).toBe('/search');
    expect(within(result).getByText('Собаки').tagName).toBe('MARK');
    expect(result.textContent).toContain('Собаки гуляют в парке');
    expect(await within(result).findByText('Boris Ivanov')).toBeTruthy();
    expect(searchRequests(api).at(-1)?.get('q')).toBe('собака');
  }, 15_000);

  it('narrows the search with filter chips and removes them again', async () => {
    const api = routes();
    const { router } = renderChats('/search?q=собака');
    await screen.findByTestId('search-hit');

    fireEvent.click(screen.getByRole('button', { name: 'Mentions me' }));
    await waitFor(() => expect(searchRequests(api).at(-1)?.get('mentionsMe')).toBe('true'));
    expect(screen.getByRole('button', { name: 'Mentions me' }).getAttribute('aria-pressed')).toBe('true');

    fireEvent.change(screen.getByRole('combobox', { name: 'In chat' }), { target: { value: chat.id } });
    await waitFor(() => expect(searchRequests(api).at(-1)?.get('chat')).toBe(chat.id));
    fireEvent.click(await screen.findByRole('button', { name: 'Remove filter In: general' }));
    // The unfiltered results are still cached: the chip goes, the address follows.
    await screen.findByRole('combobox', { name: 'In chat' });
    expect(new URLSearchParams(router.state.location.search).has('chat')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Newest' }));
    await waitFor(() => expect(searchRequests(api).at(-1)?.get('order')).toBe('date'));
    fireEvent.change(screen.getByLabelText('From date'), { target: { value: '2026-03-01' } });
    await waitFor(() =>
      expect(searchRequests(api).at(-1)?.get('since')).toBe(new Date('2026-03-01T00:00:00').toISOString()),
    );
  }, 15_000);

  it('shows files by name with their signed link, and filters messages to those with a file', async () => {
    const api = routes();
    const { router } = renderChats('/search?q=собака');
    const files = await screen.findByRole('region', { name: 'Files' });
    const link = within(files).getByRole('link', { name: 'собака-план.pdf' });
    expect(link.getAttribute('href')).toBe(fileHit.file.url);
    expect(within(files).getByRole('link', { name: 'Show message' }).getAttribute('href')).toBe(
      `/chats/${chat.id}?message=${target.id}`,
    );
    expect(new URL(api.requestsTo('GET /api/v1/search/files')[0]!.url).searchParams.get('q')).toBe('собака');

    fireEvent.click(screen.getByRole('button', { name: 'Has a file' }));
    await waitFor(() => expect(searchRequests(api).at(-1)?.get('hasFile')).toBe('true'));
    expect(screen.getByRole('button', { name: 'Has a file' }).getAttribute('aria-pressed')).toBe('true');
    expect(new URLSearchParams(router.state.location.search).get('files')).toBe('1');
  }, 15_000);

  it('opens a result in its chat, loading the history around the message and marking it', async () => {
    Element.prototype.scrollIntoView ??= () => undefined;
    vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(() => undefined);
    const api = routes();
    const { router } = renderChats('/search?q=собака');
    fireEvent.click(await screen.findByTestId('search-hit'));

    const row = await waitFor(() =>
      within(screen.getByTestId('message-list'))
        .getByText('Собаки гуляют в парке')
        .closest('[data-testid="message"]')!,
    );
    expect(row.getAttribute('data-highlighted')).toBe('true');
    expect(router.state.location.pathname).toBe(`/chats/${chat.id}`);
    expect(router.state.location.search).toBe('');
    const history = api.requestsTo(`GET ${historyPath}`).map((r) => new URL(r.url).searchParams.toString());
    expect(history).toContain(`around=${target.id}&limit=50`);
  }, 15_000);
});
