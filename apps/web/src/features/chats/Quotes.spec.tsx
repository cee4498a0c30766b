import { type Message } from '@beseda/protocol';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../auth/session';
import { type MockReply, mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildMessage, buildPerson } from './testing/chat-factories';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov' });
const anna = buildPerson({ displayName: 'Anna Petrova', username: 'anna' });
const chat = buildChat({ name: 'general', lastSeq: 100 });
const historyPath = `/api/v1/chats/${chat.id}/messages`;

type Handler = MockReply | ((request: Request) => Promise<MockReply> | MockReply);

function routes(history: Handler, extra: Record<string, Handler> = {}) {
  return mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET ${historyPath}`]: history,
    [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    [`GET /api/v1/users/${anna.id}`]: { status: 200, body: anna },
    [`GET /api/v1/users/${me.id}`]: { status: 200, body: buildPerson({ id: me.id, displayName: 'Me' }) },
    [`POST /api/v1/chats/${chat.id}/read`]: { status: 200, body: { lastReadSeq: 100 } },
    ...extra,
  });
}

const byBoris = (overrides: Partial<Message>) =>
  buildMessage({ chatId: chat.id, authorId: boris.id, ...overrides });

const timeline = () => screen.getByTestId('message-list');
const rowOf = (text: string) =>
  within(timeline()).getByText(text).closest<HTMLElement>('[data-testid="message"]')!;
const composer = () => screen.getByTestId('composer') as HTMLTextAreaElement;

async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  return (await request.clone().json()) as Record<string, unknown>;
}

describe('quotes', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('shows a quote above the text with the quoted author and excerpt, and jumps to the quoted message', async () => {
    const scrolled: Element[] = [];
    // jsdom lays nothing out and has no scrollIntoView: record which row was brought into view.
    Element.prototype.scrollIntoView ??= () => undefined;
    vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
      scrolled.push(this);
    });
    const latest = Array.from({ length: 50 }, (_, i) => byBoris({ seq: 51 + i, text: `m${51 + i}` }));
    const around = Array.from({ length: 50 }, (_, i) => byBoris({ seq: 1 + i, text: `m${1 + i}` }));
    const quoted = { ...around[9]!, authorId: anna.id, text: '**Deploy** window is *Friday* at 18:00' };
    around[9] = quoted;
    latest[49] = byBoris({
      seq: 100,
      text: 'Agreed, see above',
      quote: { messageId: quoted.id, seq: 10, authorId: anna.id, excerpt: quoted.text, deleted: false },
    });
    const api = routes((request) => {
      const query = new URL(request.url).searchParams;
      if (query.get('around') === quoted.id) return { status: 200, body: { items: around } };
      if (query.has('before') || query.has('after')) return { status: 200, body: { items: [] } };
      return { status: 200, body: { items: latest } };
    });
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Agreed, see above');

    const block = within(rowOf('Agreed, see above')).getByTestId('quote-block');
    await waitFor(() => expect(within(block).getByTestId('quote-author').textContent).toBe('Anna Petrova'));
    // The Markdown is read as text: no stars.
    expect(within(block).getByTestId('quote-excerpt').textContent).toBe('Deploy window is Friday at 18:00');
    expect(within(timeline()).queryByText('m10')).toBeNull();

    fireEvent.click(block);

    const row = await waitFor(() =>
      within(timeline()).getByText('Friday').closest<HTMLElement>('[data-testid="message"]')!,
    );
    expect(row.getAttribute('data-seq')).toBe('10');
    expect(row.getAttribute('data-highlighted')).toBe('true');
    expect(scrolled).toContain(row);
    const queries = api
      .requestsTo(`GET ${historyPath}`)
      .map((request) => new URL(request.url).searchParams.toString());
    expect(queries).toContain(`around=${quoted.id}&limit=50`);
  });

  it('says the quoted message was deleted when it is gone', async () => {
    const message = byBoris({
      seq: 2,
      text: 'Why was it removed?',
      quote: { messageId: crypto.randomUUID(), seq: 1, authorId: anna.id, excerpt: '', deleted: true },
    });
    routes({ status: 200, body: { items: [message] } });
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Why was it removed?');

    const block = within(rowOf('Why was it removed?')).getByTestId('quote-block');
    expect(within(block).getByTestId('quote-excerpt').textContent).toBe('Message deleted');
    await waitFor(() => expect(within(block).getByTestId('quote-author').textContent).toBe('Anna Petrova'));
  });

  it('shows no quote block on a message that quotes nothing', async () => {
    routes({ status: 200, body: { items: [byBoris({ seq: 1, text: 'Plain message' })] } });
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Plain message');
    expect(within(rowOf('Plain message')).queryByTestId('quote-block')).toBeNull();
    expect(within(rowOf('Plain message')).queryByTestId('forwarded-header')).toBeNull();
  });

  it('puts a quote strip above the composer from the message menu, and ✕ or Escape drops it', async () => {
    const message = byBoris({ seq: 1, text: 'Lunch at one?' });
    routes({ status: 200, body: { items: [message] } });
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Lunch at one?');
    expect(screen.queryByTestId('quote-strip')).toBeNull();

    fireEvent.click(within(rowOf('Lunch at one?')).getByRole('button', { name: 'Quote' }));

    const strip = screen.getByTestId('quote-strip');
    expect(within(strip).getByTestId('quote-excerpt').textContent).toBe('Lunch at one?');
    await waitFor(() => expect(within(strip).getByTestId('quote-author').textContent).toBe('Boris Ivanov'));
    expect(document.activeElement).toBe(composer());

    fireEvent.click(within(strip).getByRole('button', { name: 'Remove the quote' }));
    expect(screen.queryByTestId('quote-strip')).toBeNull();
    expect(document.activeElement).toBe(composer());

    fireEvent.click(within(rowOf('Lunch at one?')).getByRole('button', { name: 'Quote' }));
    expect(screen.getByTestId('quote-strip')).toBeDefined();
    fireEvent.keyDown(composer(), { key: 'Escape' });
    expect(screen.queryByTestId('quote-strip')).toBeNull();
  });

  it('drops the quote strip once the message is sent', async () => {
    const message = byBoris({ seq: 1, text: 'Lunch at one?' });
    const api = routes(
      { status: 200, body: { items: [message] } },
      {
        [`POST ${historyPath}`]: async (request) => ({
          status: 201,
          body: byBoris({ seq: 2, authorId: me.id, ...(await bodyOf(request)) }),
        }),
      },
    );
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Lunch at one?');
    fireEvent.click(within(rowOf('Lunch at one?')).getByRole('button', { name: 'Quote' }));

    fireEvent.change(composer(), { target: { value: 'Sure' } });
    fireEvent.keyDown(composer(), { key: 'Enter' });

    expect(screen.queryByTestId('quote-strip')).toBeNull();
    await waitFor(() => expect(api.requestsTo(`POST ${historyPath}`)).toHaveLength(1));
    expect(await bodyOf(api.requestsTo(`POST ${historyPath}`)[0]!)).toMatchObject({ text: 'Sure' });
  });

  // Waits for the send path (messages.api.ts, outbox.ts) to carry `quote` from
  // `send(text, { quote })` to the request body; Conversation already passes it.
  it('sends the quoted message id with the next message', async () => {
    const message = byBoris({ seq: 1, text: 'Lunch at one?' });
    const api = routes(
      { status: 200, body: { items: [message] } },
      { [`POST ${historyPath}`]: { status: 201, body: byBoris({ seq: 2, authorId: me.id, text: 'Sure' }) } },
    );
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Lunch at one?');
    fireEvent.click(within(rowOf('Lunch at one?')).getByRole('button', { name: 'Quote' }));
    fireEvent.change(composer(), { target: { value: 'Sure' } });
    fireEvent.keyDown(composer(), { key: 'Enter' });

    await waitFor(() => expect(api.requestsTo(`POST ${historyPath}`)).toHaveLength(1));
    expect(await bodyOf(api.requestsTo(`POST ${historyPath}`)[0]!)).toEqual({
      clientId: expect.any(String),
      text: 'Sure',
      quote: message.id,
    });
  });

  it('offers no quoting in a chat I cannot write in', async () => {
    const archived = { ...chat, archived: true };
    mockApi({
      'GET /api/v1/me': { status: 200, body: me },
      'GET /api/v1/chats': { status: 200, body: { items: [archived] } },
      [`GET ${historyPath}`]: { status: 200, body: { items: [byBoris({ seq: 1, text: 'Old news' })] } },
      [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    });
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Old news');
    expect(within(rowOf('Old news')).queryByRole('button', { name: 'Quote' })).toBeNull();
    // Forwarding out of it only takes reading it.
    expect(within(rowOf('Old news')).getByRole('button', { name: 'Forward' })).toBeDefined();
  });
});

describe('forwarded messages', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('names the original author above a forwarded copy', async () => {
    const gone = crypto.randomUUID();
    routes(
      {
        status: 200,
        body: {
          items: [
            byBoris({
              seq: 1,
              text: 'From Anna',
              forwarded: { authorId: anna.id, createdAt: chat.createdAt },
            }),
            byBoris({
              seq: 2,
              text: 'From nobody',
              forwarded: { authorId: null, createdAt: chat.createdAt },
            }),
            byBoris({
              seq: 3,
              text: 'From a stranger',
              forwarded: { authorId: gone, createdAt: chat.createdAt },
            }),
          ],
        },
      },
      { [`GET /api/v1/users/${gone}`]: { status: 404, body: { error: { code: 'user.not_found' } } } },
    );
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('From Anna');

    const header = (text: string) => within(rowOf(text)).getByTestId('forwarded-header').textContent;
    await waitFor(() => expect(header('From Anna')).toBe('Forwarded from Anna Petrova'));
    expect(header('From nobody')).toBe('Forwarded message');
    await waitFor(() => expect(header('From a stranger')).toBe('Forwarded message'));
  });

  it('says it in Russian too', async () => {
    routes({
      status: 200,
      body: {
        items: [
          byBoris({ seq: 1, text: 'Привет', forwarded: { authorId: anna.id, createdAt: chat.createdAt } }),
        ],
      },
    });
    renderChats(`/chats/${chat.id}`, { language: 'ru' });
    await screen.findByText('Привет');
    await waitFor(() =>
      expect(within(rowOf('Привет')).getByTestId('forwarded-header').textContent).toBe(
        'Переслано от Anna Petrova',
      ),
    );
  });
});
