import { randomUUID } from 'node:crypto';
import { type Chat, type Message, type ServerFrame } from '@beseda/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAccount, type TestAccount } from './support/accounts.js';
import { chatClient, errorCode } from './support/chats.js';
import { isEvent, isHello, openSocket } from './support/socket.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let alice: TestAccount;
let bob: TestAccount;
let carol: TestAccount;
const { call, createChat, send, history } = chatClient(() => server);

beforeAll(async () => {
  server = await startTestServer();
  alice = await signedInAccount(server);
  bob = await signedInAccount(server);
  carol = await signedInAccount(server);
});

afterAll(async () => {
  await server?.close();
});

describe('a private channel', () => {
  it('is invisible to non-members, by id guessing too, on every endpoint', async () => {
    const chat = await createChat(alice, { type: 'private', name: 'Secret plans', memberIds: [bob.id] });
    const message = await send(alice, chat.id, 'the plan');
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/chats/${chat.id}`],
      ['GET', `/api/v1/chats/${chat.id}/messages`],
      ['GET', `/api/v1/chats/${chat.id}/members`],
      ['POST', `/api/v1/chats/${chat.id}/messages`, { clientId: randomUUID(), text: 'let me in' }],
      ['POST', `/api/v1/chats/${chat.id}/members`, { userIds: [carol.id] }],
      ['POST', `/api/v1/chats/${chat.id}/join`],
      ['PATCH', `/api/v1/chats/${chat.id}`, { name: 'Mine now' }],
      ['DELETE', `/api/v1/chats/${chat.id}`],
      ['POST', `/api/v1/chats/${chat.id}/read`, { seq: 1 }],
      ['PUT', `/api/v1/chats/${chat.id}/membership`, { muted: true }],
      ['PATCH', `/api/v1/chats/${chat.id}/members/${bob.id}`, { role: 'admin' }],
      ['DELETE', `/api/v1/chats/${chat.id}/members/${bob.id}`],
      ['GET', `/api/v1/chats/${chat.id}/pins`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(carol, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await errorCode(response)).toBe('chat.not_found');
    }
    const carolsOwn = (await createChat(carol, { type: 'group' })).id;
    const thumbs = encodeURIComponent('👍');
    for (const [method, path, body] of [
      ['PATCH', `/api/v1/messages/${message.id}`, { text: 'changed' }],
      ['DELETE', `/api/v1/messages/${message.id}`],
      ['PUT', `/api/v1/messages/${message.id}/reactions/${thumbs}`],
      ['DELETE', `/api/v1/messages/${message.id}/reactions/${thumbs}`],
      ['GET', `/api/v1/messages/${message.id}/versions`],
      ['GET', `/api/v1/messages/${message.id}/thread`],
      ['PUT', `/api/v1/messages/${message.id}/follow`],
      ['PUT', `/api/v1/messages/${message.id}/pin`],
      ['DELETE', `/api/v1/messages/${message.id}/pin`],
      ['POST', `/api/v1/messages/${message.id}/forward`, { chatId: carolsOwn, clientId: randomUUID() }],
      [
        'POST',
        `/api/v1/chats/${carolsOwn}/messages`,
        { clientId: randomUUID(), text: 'q', quote: message.id },
      ],
    ] as const) {
      const response = await call(carol, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await errorCode(response)).toBe('message.not_found');
    }
    // An unknown id answers the same way as the hidden one.
    expect((await call(carol, 'GET', `/api/v1/chats/${randomUUID()}`)).status).toBe(404);
    const carolsChats = (await (await call(carol, 'GET', '/api/v1/chats')).json()) as { items: Chat[] };
    expect(carolsChats.items.map((item) => item.id)).not.toContain(chat.id);
    expect((await history(alice, chat.id)).map((m) => m.text)).toEqual(['the plan']);
  });

  it('lets members invite, and only the owner rename or remove others', async () => {
    const chat = await createChat(alice, { type: 'private', name: 'Team', memberIds: [bob.id] });
    expect((await call(bob, 'PATCH', `/api/v1/chats/${chat.id}`, { name: 'Bob team' })).status).toBe(403);
    expect(
      (await call(bob, 'POST', `/api/v1/chats/${chat.id}/members`, { userIds: [carol.id] })).status,
    ).toBe(200);
    expect((await call(carol, 'DELETE', `/api/v1/chats/${chat.id}/members/${bob.id}`)).status).toBe(403);
    expect(
      (await call(alice, 'PATCH', `/api/v1/chats/${chat.id}`, { name: 'Core team', topic: 'Q4' })).status,
    ).toBe(200);
    expect((await call(alice, 'DELETE', `/api/v1/chats/${chat.id}/members/${carol.id}`)).status).toBe(204);
    expect((await call(carol, 'GET', `/api/v1/chats/${chat.id}`)).status).toBe(404);
    // Leaving is removing yourself.
    expect((await call(bob, 'DELETE', `/api/v1/chats/${chat.id}/members/${bob.id}`)).status).toBe(204);
    expect((await call(bob, 'GET', `/api/v1/chats/${chat.id}/messages`)).status).toBe(404);
  });
});

describe('a public channel', () => {
  it('can be found, read and joined by anyone, and written in once joined', async () => {
    const chat = await createChat(alice, { type: 'channel', name: `general-${randomUUID().slice(0, 6)}` });
    await send(alice, chat.id, 'welcome');
    const browse = (await (
      await call(carol, 'GET', `/api/v1/channels?q=${chat.name!.slice(0, 10)}`)
    ).json()) as {
      items: Chat[];
    };
    expect(browse.items.find((item) => item.id === chat.id)).toMatchObject({
      memberCount: 1,
      membership: null,
    });
    expect((await history(carol, chat.id)).map((m) => m.text)).toEqual(['welcome']);
    const denied = await call(carol, 'POST', `/api/v1/chats/${chat.id}/messages`, {
      clientId: randomUUID(),
      text: 'hi',
    });
    expect(denied.status).toBe(403);
    const joined = (await (await call(carol, 'POST', `/api/v1/chats/${chat.id}/join`)).json()) as Chat;
    expect(joined).toMatchObject({ memberCount: 2, membership: { role: 'member' } });
    await send(carol, chat.id, 'hi all');
  });

  it('needs a name', async () => {
    const response = await call(alice, 'POST', '/api/v1/chats', { type: 'channel' });
    expect(response.status).toBe(400);
  });
});

describe('direct chats', () => {
  it('exist once per pair, whoever opens them', async () => {
    const first = await createChat(alice, { type: 'direct', memberIds: [bob.id] });
    const second = await createChat(bob, { type: 'direct', memberIds: [alice.id] });
    expect(second.id).toBe(first.id);
    expect(first).toMatchObject({ type: 'direct', peerId: bob.id, memberCount: 2 });
    expect(
      (await call(alice, 'POST', '/api/v1/chats', { type: 'direct', memberIds: [bob.id, carol.id] })).status,
    ).toBe(400);
    expect(
      (await call(alice, 'POST', '/api/v1/chats', { type: 'direct', memberIds: [randomUUID()] })).status,
    ).toBe(400);
  });

  it('include a saved-messages chat for everyone', async () => {
    const chats = (await (await call(carol, 'GET', '/api/v1/chats')).json()) as { items: Chat[] };
    const self = chats.items.filter((chat) => chat.type === 'self');
    expect(self).toHaveLength(1);
    await send(carol, self[0]!.id, 'note to self');
  });
});

describe('messages', () => {
  it('are stored once per clientId, and both sends get the same answer', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const clientId = randomUUID();
    const [first, second] = await Promise.all([
      send(alice, chat.id, 'only once', clientId),
      send(alice, chat.id, 'only once', clientId),
    ]);
    expect(second).toEqual(first);
    expect(await history(bob, chat.id)).toHaveLength(1);
    // A retry after the answer was lost still gets it, even once the chat no longer takes messages;
    // and the retry takes no seq: the next message follows without a gap.
    const mention = await send(alice, chat.id, `hi @${bob.username}`, randomUUID());
    expect(await send(alice, chat.id, 'only once', clientId)).toEqual(first);
    expect(await send(alice, chat.id, 'changed text, same id', mention.clientId)).toEqual(mention);
    expect((await send(alice, chat.id, 'next')).seq).toBe(mention.seq + 1);
    await call(alice, 'PATCH', `/api/v1/chats/${chat.id}`, { archived: true });
    expect(await send(alice, chat.id, 'only once', clientId)).toEqual(first);
  });

  it('get gap-free, increasing seqs under concurrent senders', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id, carol.id] });
    const senders = [alice, bob, carol];
    const sent = await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(senders[i % 3]!, chat.id, `m${i}`)),
    );
    expect(sent.map((m) => m.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const all = await history(carol, chat.id, '?limit=100');
    expect(all.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('page by before, after and around', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const sent: Message[] = [];
    for (let i = 1; i <= 12; i++) sent.push(await send(alice, chat.id, `n${i}`));
    expect((await history(bob, chat.id, '?limit=5')).map((m) => m.seq)).toEqual([8, 9, 10, 11, 12]);
    expect((await history(bob, chat.id, '?before=8&limit=5')).map((m) => m.seq)).toEqual([3, 4, 5, 6, 7]);
    expect((await history(bob, chat.id, '?after=10')).map((m) => m.seq)).toEqual([11, 12]);
    expect((await history(bob, chat.id, `?around=${sent[5]!.id}&limit=4`)).map((m) => m.seq)).toEqual([
      4, 5, 6, 7,
    ]);
    expect((await call(bob, 'GET', `/api/v1/chats/${chat.id}/messages?before=3&after=1`)).status).toBe(400);
  });

  it('refuse empty and over-long text with a clear error', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [] });
    for (const text of ['   ', 'x'.repeat(10_001)]) {
      const response = await call(alice, 'POST', `/api/v1/chats/${chat.id}/messages`, {
        clientId: randomUUID(),
        text,
      });
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe('validation.failed');
    }
  });

  it('are edited by their author only, and deleted to a tombstone without their text', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const message = await send(bob, chat.id, 'original words');
    expect((await call(alice, 'PATCH', `/api/v1/messages/${message.id}`, { text: 'not yours' })).status).toBe(
      403,
    );
    const edited = (await (
      await call(bob, 'PATCH', `/api/v1/messages/${message.id}`, { text: 'better words' })
    ).json()) as Message;
    expect(edited).toMatchObject({ text: 'better words', editedAt: expect.any(String) });

    // The chat owner may delete a member's message; the text is then gone from every answer.
    expect((await call(alice, 'DELETE', `/api/v1/messages/${message.id}`)).status).toBe(204);
    const [tombstone] = await history(bob, chat.id);
    expect(tombstone).toMatchObject({ id: message.id, seq: message.seq, deleted: true, text: '' });
    expect(JSON.stringify(await history(alice, chat.id))).not.toContain('words');
  });

  it('cannot be written in an archived chat until it is unarchived', async () => {
    const chat = await createChat(alice, { type: 'private', name: 'Old project', memberIds: [bob.id] });
    expect((await call(alice, 'PATCH', `/api/v1/chats/${chat.id}`, { archived: true })).status).toBe(200);
    const response = await call(bob, 'POST', `/api/v1/chats/${chat.id}/messages`, {
      clientId: randomUUID(),
      text: 'hello?',
    });
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe('chat.archived');
    expect((await call(alice, 'PATCH', `/api/v1/chats/${chat.id}`, { archived: false })).status).toBe(200);
    await send(bob, chat.id, 'back again');
  });
});

describe('unread state', () => {
  it("counts others' messages after the read marker, and marking read clears it", async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    await send(alice, chat.id, 'one');
    const last = await send(alice, chat.id, 'two');
    const unread = (await (await call(bob, 'GET', `/api/v1/chats/${chat.id}`)).json()) as Chat;
    expect(unread.unreadCount).toBe(2);
    expect((await (await call(alice, 'GET', `/api/v1/chats/${chat.id}`)).json()) as Chat).toMatchObject({
      unreadCount: 0,
    });
    const read = await call(bob, 'POST', `/api/v1/chats/${chat.id}/read`, { seq: last.seq + 100 });
    expect(await read.json()).toEqual({ lastReadSeq: last.seq });
    expect(((await (await call(bob, 'GET', `/api/v1/chats/${chat.id}`)).json()) as Chat).unreadCount).toBe(0);
  });
});

describe('real-time delivery', () => {
  const messageEvent = (text: string) => (frame: ServerFrame) =>
    isEvent(frame) && frame.event.type === 'message.created' && frame.event.data.text === text;

  it('reaches every member, skips the sending connection and nobody else hears it', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const aliceSocket = await openSocket(server, { token: alice.accessToken });
    const bobSocket = await openSocket(server, { token: bob.accessToken });
    const carolSocket = await openSocket(server, { token: carol.accessToken });
    const aliceHello = await aliceSocket.next(isHello);
    await bobSocket.next(isHello);
    await carolSocket.next(isHello);

    await call(
      alice,
      'POST',
      `/api/v1/chats/${chat.id}/messages`,
      { clientId: randomUUID(), text: 'rest send' },
      {
        'x-connection-id': aliceHello.connectionId,
      },
    );
    await bobSocket.next(messageEvent('rest send'));

    aliceSocket.send({
      type: 'request',
      id: 'send-1',
      method: 'message.send',
      params: { chatId: chat.id, clientId: randomUUID(), text: 'socket send' },
    });
    const response = await aliceSocket.next((frame) => frame.type === 'response' && frame.id === 'send-1');
    expect(response).toMatchObject({ ok: true, data: { text: 'socket send', seq: 2 } });
    await bobSocket.next(messageEvent('socket send'));

    expect(aliceSocket.frames.some(messageEvent('rest send'))).toBe(false);
    expect(
      carolSocket.frames.some((frame) => isEvent(frame) && frame.event.type.startsWith('message.')),
    ).toBe(false);
    await Promise.all([aliceSocket.close(), bobSocket.close(), carolSocket.close()]);
  });

  it('tells a removed member the chat is gone', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [carol.id] });
    const carolSocket = await openSocket(server, { token: carol.accessToken });
    await carolSocket.next(isHello);
    await call(alice, 'DELETE', `/api/v1/chats/${chat.id}/members/${carol.id}`);
    await carolSocket.next(
      (frame) => isEvent(frame) && frame.event.type === 'chat.removed' && frame.event.data.chatId === chat.id,
    );
    await carolSocket.close();
  });
});

describe('reactions', () => {
  it('are counted per emoji, once per person, and reach the members live', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const message = await send(alice, chat.id, 'ship it?');
    const bobSocket = await openSocket(server, { token: bob.accessToken });
    await bobSocket.next(isHello);
    const thumbs = encodeURIComponent('👍');
    expect((await call(alice, 'PUT', `/api/v1/messages/${message.id}/reactions/${thumbs}`)).status).toBe(204);
    expect((await call(alice, 'PUT', `/api/v1/messages/${message.id}/reactions/${thumbs}`)).status).toBe(204);
    expect((await call(bob, 'PUT', `/api/v1/messages/${message.id}/reactions/${thumbs}`)).status).toBe(204);
    expect(
      (await call(bob, 'PUT', `/api/v1/messages/${message.id}/reactions/${encodeURIComponent(':tada:')}`))
        .status,
    ).toBe(204);
    await bobSocket.next(
      (frame) =>
        isEvent(frame) && frame.event.type === 'reaction.added' && frame.event.data.userId === alice.id,
    );
    const [stored] = await history(bob, chat.id);
    expect(stored!.reactions).toEqual([
      { emoji: '👍', count: 2, userIds: [alice.id, bob.id] },
      { emoji: ':tada:', count: 1, userIds: [bob.id] },
    ]);
    expect((await call(alice, 'DELETE', `/api/v1/messages/${message.id}/reactions/${thumbs}`)).status).toBe(
      204,
    );
    expect((await history(bob, chat.id))[0]!.reactions[0]).toEqual({
      emoji: '👍',
      count: 1,
      userIds: [bob.id],
    });
    await bobSocket.close();
  });

  it('cannot be added by a non-member or with a space in the emoji', async () => {
    const chat = await createChat(alice, { type: 'private', name: 'Reactions', memberIds: [] });
    const message = await send(alice, chat.id, 'mine');
    expect(
      (await call(carol, 'PUT', `/api/v1/messages/${message.id}/reactions/${encodeURIComponent('👍')}`))
        .status,
    ).toBe(404);
    expect(
      (await call(alice, 'PUT', `/api/v1/messages/${message.id}/reactions/${encodeURIComponent('a b')}`))
        .status,
    ).toBe(400);
  });
});

describe('typing', () => {
  it('reaches the other members only', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const aliceSocket = await openSocket(server, { token: alice.accessToken });
    const bobSocket = await openSocket(server, { token: bob.accessToken });
    await aliceSocket.next(isHello);
    await bobSocket.next(isHello);
    aliceSocket.send({ type: 'request', id: 't1', method: 'chat.typing', params: { chatId: chat.id } });
    await aliceSocket.next((frame) => frame.type === 'response' && frame.id === 't1');
    await bobSocket.next(
      (frame) => isEvent(frame) && frame.event.type === 'typing' && frame.event.data.userId === alice.id,
    );
    expect(aliceSocket.frames.some((frame) => isEvent(frame) && frame.event.type === 'typing')).toBe(false);
    await Promise.all([aliceSocket.close(), bobSocket.close()]);
  });
});

describe('mentions', () => {
  it('are found by username and @channel, counted as unread, listed for the person and sent live', async () => {
    const chat = await createChat(alice, { type: 'private', name: 'Mentions', memberIds: [bob.id] });
    const bobSocket = await openSocket(server, { token: bob.accessToken });
    await bobSocket.next(isHello);
    const direct = await send(alice, chat.id, `@${bob.username.toUpperCase()} please review`);
    await send(alice, chat.id, `and @${carol.username} is not in this chat`);
    await send(alice, chat.id, '@channel standup in 5');
    await bobSocket.next(
      (frame) => isEvent(frame) && frame.event.type === 'mention' && frame.event.data.id === direct.id,
    );

    const seen = (await (await call(bob, 'GET', `/api/v1/chats/${chat.id}`)).json()) as Chat;
    expect(seen).toMatchObject({ unreadCount: 3, mentionCount: 2 });
    const mine = (await (await call(bob, 'GET', '/api/v1/me/mentions')).json()) as { items: Message[] };
    expect(mine.items.filter((m) => m.chatId === chat.id).map((m) => m.text)).toEqual([
      '@channel standup in 5',
      `@${bob.username.toUpperCase()} please review`,
    ]);
    const carols = (await (await call(carol, 'GET', '/api/v1/me/mentions')).json()) as { items: Message[] };
    expect(carols.items.map((m) => m.chatId)).not.toContain(chat.id);

    await call(bob, 'POST', `/api/v1/chats/${chat.id}/read`, { seq: 100 });
    expect(((await (await call(bob, 'GET', `/api/v1/chats/${chat.id}`)).json()) as Chat).mentionCount).toBe(
      0,
    );
    await bobSocket.close();
  });

  it('follow edits and disappear with the message', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const message = await send(alice, chat.id, 'hello there');
    await call(alice, 'PATCH', `/api/v1/messages/${message.id}`, { text: `hello there @${bob.username}` });
    const list = async () =>
      (
        (await (await call(bob, 'GET', '/api/v1/me/mentions?limit=100')).json()) as { items: Message[] }
      ).items.map((m) => m.id);
    expect(await list()).toContain(message.id);
    await call(alice, 'DELETE', `/api/v1/messages/${message.id}`);
    expect(await list()).not.toContain(message.id);
  });
});

describe('edit history', () => {
  it('keeps earlier versions for members, and drops them when the message is deleted', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const message = await send(alice, chat.id, 'first');
    await call(alice, 'PATCH', `/api/v1/messages/${message.id}`, { text: 'second' });
    await call(alice, 'PATCH', `/api/v1/messages/${message.id}`, { text: 'third' });
    const versions = (await (await call(bob, 'GET', `/api/v1/messages/${message.id}/versions`)).json()) as {
      items: Array<{ text: string }>;
    };
    expect(versions.items.map((v) => v.text)).toEqual(['first', 'second']);
    expect((await call(carol, 'GET', `/api/v1/messages/${message.id}/versions`)).status).toBe(404);
    await call(alice, 'DELETE', `/api/v1/messages/${message.id}`);
    const after = (await (await call(bob, 'GET', `/api/v1/messages/${message.id}/versions`)).json()) as {
      items: unknown[];
    };
    expect(after.items).toEqual([]);
  });
});

describe('the mentions list', () => {
  it('pages with a cursor in the same order as one long page', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [carol.id] });
    for (let i = 0; i < 3; i++) await send(alice, chat.id, `@${carol.username} ping ${i}`);
    const all = (await (await call(carol, 'GET', '/api/v1/me/mentions?limit=100')).json()) as {
      items: Message[];
    };
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/me/mentions?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await (await call(carol, 'GET', url)).json()) as {
        items: Message[];
        nextCursor: string | null;
      };
      paged.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.items.map((m) => m.id));
    expect((await call(carol, 'GET', '/api/v1/me/mentions?cursor=bogus')).status).toBe(400);
  });
});

describe('threads', () => {
  it('keep replies out of the timeline, summarise them on the root, and page them in the thread', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id, carol.id] });
    const root = await send(alice, chat.id, 'Which release name?');
    const reply = async (account: TestAccount, text: string, replyTo: string) => {
      const response = await call(account, 'POST', `/api/v1/chats/${chat.id}/messages`, {
        clientId: randomUUID(),
        text,
        replyTo,
      });
      expect(response.status).toBe(201);
      return (await response.json()) as Message;
    };
    const first = await reply(bob, 'Aurora', root.id);
    expect(first.threadRootId).toBe(root.id);
    // Replying to a reply stays in the same thread.
    const second = await reply(carol, 'Borealis', first.id);
    expect(second.threadRootId).toBe(root.id);
    await send(alice, chat.id, 'Back in the channel');

    const timeline = await history(carol, chat.id);
    expect(timeline.map((m) => m.text)).toEqual(['Which release name?', 'Back in the channel']);
    expect(timeline[0]!.thread).toMatchObject({ replyCount: 2, participantIds: [carol.id, bob.id] });

    const thread = (await (await call(alice, 'GET', `/api/v1/messages/${second.id}/thread`)).json()) as {
      root: Message;
      items: Message[];
      following: boolean;
    };
    expect(thread.root.id).toBe(root.id);
    expect(thread.items.map((m) => m.text)).toEqual(['Aurora', 'Borealis']);
    expect(thread.following).toBe(true);
    const later = (await (
      await call(alice, 'GET', `/api/v1/messages/${root.id}/thread?after=${first.seq}`)
    ).json()) as { items: Message[] };
    expect(later.items.map((m) => m.id)).toEqual([second.id]);
    // Thread replies are not unread in the timeline.
    expect(((await (await call(carol, 'GET', `/api/v1/chats/${chat.id}`)).json()) as Chat).unreadCount).toBe(
      2,
    );
  });

  it('are followed by their author and repliers, and can be unfollowed or followed by anyone who can read them', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id, carol.id] });
    const root = await send(alice, chat.id, 'Thread to follow');
    await call(bob, 'POST', `/api/v1/chats/${chat.id}/messages`, {
      clientId: randomUUID(),
      text: 'in',
      replyTo: root.id,
    });
    const following = async (account: TestAccount) =>
      (
        (await (await call(account, 'GET', `/api/v1/messages/${root.id}/thread`)).json()) as {
          following: boolean;
        }
      ).following;
    expect(await following(alice)).toBe(true);
    expect(await following(bob)).toBe(true);
    expect(await following(carol)).toBe(false);
    expect((await call(carol, 'PUT', `/api/v1/messages/${root.id}/follow`)).status).toBe(204);
    expect(await following(carol)).toBe(true);
    expect((await call(bob, 'DELETE', `/api/v1/messages/${root.id}/follow`)).status).toBe(204);
    expect(await following(bob)).toBe(false);
    const outsider = await createChat(carol, { type: 'private', name: 'Elsewhere', memberIds: [] });
    const hidden = await send(carol, outsider.id, 'private root');
    expect((await call(alice, 'GET', `/api/v1/messages/${hidden.id}/thread`)).status).toBe(404);
    expect((await call(alice, 'PUT', `/api/v1/messages/${hidden.id}/follow`)).status).toBe(404);
  });
});

describe('pins', () => {
  it('are set by members, listed newest first, shown on the message, and gone with the message', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const first = await send(alice, chat.id, 'Agenda');
    const second = await send(bob, chat.id, 'Minutes');
    expect((await call(bob, 'PUT', `/api/v1/messages/${first.id}/pin`)).status).toBe(204);
    expect((await call(alice, 'PUT', `/api/v1/messages/${second.id}/pin`)).status).toBe(204);
    const pinned = (await (await call(bob, 'GET', `/api/v1/chats/${chat.id}/pins`)).json()) as {
      items: Message[];
    };
    expect(pinned.items.map((m) => m.text)).toEqual(['Minutes', 'Agenda']);
    expect((await history(bob, chat.id)).every((m) => m.pinnedAt !== null)).toBe(true);

    expect((await call(carol, 'PUT', `/api/v1/messages/${first.id}/pin`)).status).toBe(404);
    expect((await call(carol, 'GET', `/api/v1/chats/${chat.id}/pins`)).status).toBe(404);

    expect((await call(alice, 'DELETE', `/api/v1/messages/${first.id}/pin`)).status).toBe(204);
    await call(bob, 'DELETE', `/api/v1/messages/${second.id}`);
    const after = (await (await call(bob, 'GET', `/api/v1/chats/${chat.id}/pins`)).json()) as {
      items: Message[];
    };
    expect(after.items).toEqual([]);
  });
});
