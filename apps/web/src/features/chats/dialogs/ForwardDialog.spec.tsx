import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../../auth/session';
import { apiError, type MockReply, mockApi } from '../../../test/api-mock';
import { buildMe, buildTokenPair } from '../../../test/factories';
import { buildChat, buildMessage, buildPerson } from '../testing/chat-factories';
import { renderChats } from '../testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov' });
const anna = buildPerson({ displayName: 'Anna Petrova', username: 'anna' });
const general = buildChat({ name: 'general', lastSeq: 1, lastMessageAt: '2026-03-02T10:00:00.000Z' });
const random = buildChat({ name: 'random', lastMessageAt: '2026-03-03T10:00:00.000Z' });
const withAnna = buildChat({
  type: 'direct',
  name: 'Anna Petrova',
  peerId: anna.id,
  lastMessageAt: '2026-03-01T10:00:00.000Z',
});
const archived = buildChat({ name: 'old-news', archived: true });
const notMine = buildChat({ name: 'announcements', membership: null });
const message = buildMessage({
  chatId: general.id,
  seq: 1,
  authorId: boris.id,
  text: 'Release notes are out',
});
const forwardPath = `/api/v1/messages/${message.id}/forward`;

type Handler = MockReply | ((request: Request) => Promise<MockReply> | MockReply);

function routes(forward: Handler | Handler[]) {
  return mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [general, random, withAnna, archived, notMine] } },
    [`GET /api/v1/chats/${general.id}/messages`]: { status: 200, body: { items: [message] } },
    [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    [`GET /api/v1/users/${anna.id}`]: { status: 200, body: anna },
    [`POST /api/v1/chats/${general.id}/read`]: { status: 200, body: { lastReadSeq: 1 } },
    [`POST ${forwardPath}`]: forward,
  });
}

/** What the server answers to a forward: the copy, by me, in the chat asked for. */
async function copyFor(request: Request): Promise<MockReply> {
  const { chatId, clientId } = (await request.clone().json()) as { chatId: string; clientId: string };
  const copy = buildMessage({
    chatId,
    authorId: me.id,
    clientId,
    text: message.text,
    forwarded: { authorId: boris.id, createdAt: message.createdAt },
  });
  return { status: 201, body: copy };
}

async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  return (await request.clone().json()) as Record<string, unknown>;
}

async function openForward() {
  renderChats(`/chats/${general.id}`);
  const text = await within(await screen.findByTestId('message-list')).findByText('Release notes are out');
  const row = text.closest<HTMLElement>('[data-testid="message"]')!;
  fireEvent.click(within(row).getByRole('button', { name: 'Forward' }));
  return screen.getByTestId('forward-dialog');
}

const targetNames = (dialog: HTMLElement) =>
  within(dialog)
    .queryAllByRole('button', { name: /^Forward to / })
    .map((button) => button.getAttribute('aria-label'));

describe('forwarding a message', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('offers only the chats I can write in, most recent first, and finds them by name', async () => {
    routes(copyFor);
    const dialog = await openForward();

    expect(within(dialog).getByTestId('quote-excerpt').textContent).toBe('Release notes are out');
    await waitFor(() =>
      expect(targetNames(dialog)).toEqual([
        'Forward to #random',
        'Forward to #general',
        'Forward to Anna Petrova',
      ]),
    );

    fireEvent.change(within(dialog).getByLabelText('Find a chat'), { target: { value: 'ANN' } });
    expect(targetNames(dialog)).toEqual(['Forward to Anna Petrova']);

    fireEvent.change(within(dialog).getByLabelText('Find a chat'), { target: { value: 'old' } });
    expect(targetNames(dialog)).toEqual([]);
    expect(within(dialog).getByText('No chats found')).toBeDefined();
  });

  it('posts the forward to the chosen chat, closes, and offers to go there', async () => {
    const api = routes(copyFor);
    const dialog = await openForward();

    fireEvent.click(await within(dialog).findByRole('button', { name: 'Forward to Anna Petrova' }));

    await waitFor(() => expect(screen.queryByTestId('forward-dialog')).toBeNull());
    const requests = api.requestsTo(`POST ${forwardPath}`);
    expect(requests).toHaveLength(1);
    expect(await bodyOf(requests[0]!)).toEqual({
      chatId: withAnna.id,
      clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(screen.getByTestId('forwarded-notice').textContent).toBe('Forwarded to Anna Petrova');

    fireEvent.click(screen.getByRole('link', { name: 'Go to chat' }));
    await waitFor(() => expect(screen.queryByTestId('forwarded-notice')).toBeNull());
    expect(screen.getByRole('region', { name: 'Anna Petrova' })).toBeDefined();
  });

  it('names a channel with its sign in the confirmation, in Russian too', async () => {
    routes(copyFor);
    renderChats(`/chats/${general.id}`, { language: 'ru' });
    const text = await screen.findByText('Release notes are out');
    const row = text.closest<HTMLElement>('[data-testid="message"]')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Переслать' }));
    const dialog = screen.getByTestId('forward-dialog');

    fireEvent.click(await within(dialog).findByRole('button', { name: 'Переслать в #random' }));

    expect((await screen.findByTestId('forwarded-notice')).textContent).toBe('Переслано в #random');
    expect(screen.getByRole('link', { name: 'Перейти в чат' })).toBeDefined();
  });

  it('shows a refusal in the dialog and tries the same chat again with the same clientId', async () => {
    const api = routes([apiError(403, 'auth.forbidden'), copyFor]);
    const dialog = await openForward();

    fireEvent.click(await within(dialog).findByRole('button', { name: 'Forward to #random' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toBe(
      'The message was not forwarded: You are not allowed to do this in this chat.',
    );
    expect(screen.queryByTestId('forwarded-notice')).toBeNull();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Forward to #random' }));
    await waitFor(() => expect(screen.queryByTestId('forward-dialog')).toBeNull());
    const [first, second] = await Promise.all(api.requestsTo(`POST ${forwardPath}`).map(bodyOf));
    expect(second).toEqual(first);
    expect(screen.getByTestId('forwarded-notice').textContent).toBe('Forwarded to #random');
  });
});
