import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { apiError, type MockReply, mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { buildChat, buildMessage, buildPerson } from './testing/chat-factories';
import { connectLive, type LiveConnection } from './testing/live-connection';
import { renderChats } from './testing/render-chats';

const me = buildMe();
const boris = buildPerson({ displayName: 'Boris Ivanov' });
const chat = buildChat({ name: 'general', lastSeq: 1 });
const message = buildMessage({
  chatId: chat.id,
  seq: 1,
  authorId: boris.id,
  text: 'Ship it?',
  reactions: [{ emoji: '👍', count: 1, userIds: [boris.id] }],
});
const reactionPath = (emoji: string) =>
  `/api/v1/messages/${message.id}/reactions/${encodeURIComponent(emoji)}`;

function routes(extra: Record<string, MockReply | (() => Promise<MockReply>)> = {}) {
  return mockApi({
    'GET /api/v1/me': { status: 200, body: me },
    'GET /api/v1/chats': { status: 200, body: { items: [chat] } },
    [`GET /api/v1/chats/${chat.id}/messages`]: { status: 200, body: { items: [message] } },
    [`GET /api/v1/users/${boris.id}`]: { status: 200, body: boris },
    [`GET /api/v1/users/${me.id}`]: { status: 200, body: buildPerson({ id: me.id }) },
    [`POST /api/v1/chats/${chat.id}/read`]: { status: 200, body: { lastReadSeq: 1 } },
    ...extra,
  });
}

function chips() {
  return screen.queryAllByTestId('reaction').map((chip) => ({
    text: chip.textContent?.replace(/Reaction.*$/, ''),
    pressed: chip.getAttribute('aria-pressed'),
  }));
}

describe('reactions', () => {
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

  it('shows chips under the message and toggles mine with PUT and DELETE', async () => {
    const api = routes({
      [`PUT ${reactionPath('👍')}`]: { status: 204 },
      [`DELETE ${reactionPath('👍')}`]: { status: 204 },
    });
    renderChats(`/chats/${chat.id}`);
    await screen.findByText('Ship it?');
    await waitFor(() => expect(chips()).toEqual([{ text: '👍1', pressed: 'false' }]));

    fireEvent.click(screen.getByTestId('reaction'));
    await waitFor(() => expect(chips()).toEqual([{ text: '👍2', pressed: 'true' }]));
    await waitFor(() => expect(api.requestsTo(`PUT ${reactionPath('👍')}`)).toHaveLength(1));

    fireEvent.click(screen.getByTestId('reaction'));
    await waitFor(() => expect(chips()).toEqual([{ text: '👍1', pressed: 'false' }]));
    await waitFor(() => expect(api.requestsTo(`DELETE ${reactionPath('👍')}`)).toHaveLength(1));
  });

  it('adds a reaction from the quick picker, and undoes it when the server refuses', async () => {
    let refuse: () => void = () => undefined;
    const api = routes({
      [`PUT ${reactionPath('🎉')}`]: () =>
        new Promise<MockReply>((resolve) => {
          refuse = () => resolve(apiError(403, 'chat.not_member'));
        }),
    });
    renderChats(`/chats/${chat.id}`);
    const row = (await screen.findByText('Ship it?')).closest('[data-testid="message"]') as HTMLElement;

    fireEvent.click(within(row).getByRole('button', { name: 'Add a reaction' }));
    const picker = within(row).getByTestId('reaction-picker');
    expect(
      within(picker)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['👍', '❤️', '😂', '🎉', '👀', '🙏', '✅', '🔥', '+More reactions']);
    fireEvent.click(within(picker).getByRole('button', { name: '🎉' }));

    expect(within(row).queryByTestId('reaction-picker')).toBeNull();
    await waitFor(() =>
      expect(chips()).toEqual([
        { text: '👍1', pressed: 'false' },
        { text: '🎉1', pressed: 'true' },
      ]),
    );
    await waitFor(() => expect(api.requestsTo(`PUT ${reactionPath('🎉')}`)).toHaveLength(1));
    refuse();
    await waitFor(() => expect(chips()).toEqual([{ text: '👍1', pressed: 'false' }]));
    expect(screen.getByRole('alert').textContent).toContain('The reaction was not saved');
  });

  it('adds any emoji from the full picker behind the quick ones', async () => {
    const api = routes({ [`PUT ${reactionPath('🚀')}`]: { status: 204 } });
    renderChats(`/chats/${chat.id}`);
    const row = (await screen.findByText('Ship it?')).closest('[data-testid="message"]') as HTMLElement;

    fireEvent.click(within(row).getByRole('button', { name: 'Add a reaction' }));
    fireEvent.click(within(row).getByRole('button', { name: 'More reactions' }));
    fireEvent.change(within(row).getByRole('searchbox', { name: 'Search emoji' }), {
      target: { value: 'ракета' },
    });
    fireEvent.click(await within(row).findByRole('button', { name: 'rocket' }));

    expect(within(row).queryByTestId('reaction-picker')).toBeNull();
    await waitFor(() => expect(api.requestsTo(`PUT ${reactionPath('🚀')}`)).toHaveLength(1));
    expect(chips()).toEqual([
      { text: '👍1', pressed: 'false' },
      { text: '🚀1', pressed: 'true' },
    ]);
  }, 20_000);

  it('follows reaction.added and reaction.removed, ignoring an echo of my own', async () => {
    routes({ [`PUT ${reactionPath('👍')}`]: { status: 204 } });
    const { deliver } = connect();
    renderChats(`/chats/${chat.id}`, { connection: live!.connection });
    await screen.findByText('Ship it?');

    const change = { chatId: chat.id, messageId: message.id, emoji: '🔥' };
    deliver({ type: 'reaction.added', data: { ...change, userId: crypto.randomUUID() } });
    await waitFor(() =>
      expect(chips()).toEqual([
        { text: '👍1', pressed: 'false' },
        { text: '🔥1', pressed: 'false' },
      ]),
    );

    fireEvent.click(screen.getAllByTestId('reaction')[0]!);
    deliver({ type: 'reaction.added', data: { ...change, emoji: '👍', userId: me.id } });
    await waitFor(() => expect(chips()[0]).toEqual({ text: '👍2', pressed: 'true' }));

    deliver({ type: 'reaction.removed', data: { ...change, emoji: '👍', userId: boris.id } });
    await waitFor(() => expect(chips()[0]).toEqual({ text: '👍1', pressed: 'true' }));
  });
});
