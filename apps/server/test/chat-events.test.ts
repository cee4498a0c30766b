import { type Chat } from '@beseda/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAccount, type TestAccount } from './support/accounts.js';
import { chatClient, eventOf } from './support/chats.js';
import { isEvent, isHello, openSocket, type TestSocket } from './support/socket.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let alice: TestAccount;
let bob: TestAccount;
let carol: TestAccount;
const { call, createChat, send } = chatClient(() => server);

beforeAll(async () => {
  server = await startTestServer();
  alice = await signedInAccount(server);
  bob = await signedInAccount(server);
  carol = await signedInAccount(server);
});

afterAll(async () => {
  await server?.close();
});

async function connected(account: TestAccount): Promise<TestSocket> {
  const socket = await openSocket(server, { token: account.accessToken });
  await socket.next(isHello);
  return socket;
}

/** The chat events about one chat, in order (notifications are another story: see notifications.test.ts). */
const eventsAbout = (socket: TestSocket, chatId: string) =>
  socket.frames
    .filter((frame) => !(isEvent(frame) && frame.event.type.startsWith('notification.')))
    .flatMap((frame) =>
      isEvent(frame) && 'chatId' in frame.event.data && frame.event.data.chatId === chatId
        ? [frame.event.type]
        : isEvent(frame) && 'id' in frame.event.data && frame.event.data.id === chatId
          ? [frame.event.type]
          : [],
    );

describe('chat lifecycle events', () => {
  it('tell members of creation, arrivals, departures and deletion, each the right event', async () => {
    const [aliceSocket, bobSocket, carolSocket] = await Promise.all([
      connected(alice),
      connected(bob),
      connected(carol),
    ]);
    const chat = await createChat(alice, { type: 'private', name: 'Lifecycle', memberIds: [bob.id] });
    await bobSocket.next(eventOf('chat.created', (data) => data.id === chat.id));

    await call(alice, 'POST', `/api/v1/chats/${chat.id}/members`, { userIds: [carol.id] });
    const welcome = await carolSocket.next(eventOf('chat.created', (data) => data.id === chat.id));
    expect(isEvent(welcome) && welcome.event.type === 'chat.created' && welcome.event.data.memberCount).toBe(
      3,
    );
    await bobSocket.next(
      eventOf('member.added', (data) => data.chatId === chat.id && data.userId === carol.id),
    );

    await call(carol, 'DELETE', `/api/v1/chats/${chat.id}/members/${carol.id}`);
    await carolSocket.next(eventOf('chat.removed', (data) => data.chatId === chat.id));
    await aliceSocket.next(
      eventOf('member.removed', (data) => data.chatId === chat.id && data.userId === carol.id),
    );

    await call(alice, 'PATCH', `/api/v1/chats/${chat.id}`, { archived: true });
    await bobSocket.next(eventOf('chat.updated', (data) => data.id === chat.id && data.archived));

    await call(alice, 'DELETE', `/api/v1/chats/${chat.id}`);
    await bobSocket.next(eventOf('chat.deleted', (data) => data.chatId === chat.id));
    expect(eventsAbout(bobSocket, chat.id)).toEqual([
      'chat.created',
      'member.added',
      'member.removed',
      'chat.updated',
      'chat.deleted',
    ]);
    // Carol left before the deletion: she hears nothing more of the chat.
    expect(eventsAbout(carolSocket, chat.id)).toEqual(['chat.created', 'chat.removed']);
    await Promise.all([aliceSocket, bobSocket, carolSocket].map((socket) => socket.close()));
  });

  it('send a deleted message as message.deleted with its tombstone', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const message = await send(alice, chat.id, 'oops');
    const bobSocket = await connected(bob);
    await call(alice, 'DELETE', `/api/v1/messages/${message.id}`);
    const frame = await bobSocket.next(eventOf('message.deleted', (data) => data.id === message.id));
    expect(isEvent(frame) && frame.event.data).toMatchObject({ deleted: true, text: '', seq: message.seq });
    await bobSocket.close();
  });
});

describe('read state across devices', () => {
  it("tells the user's other devices the badges as they are after reading", async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    await send(alice, chat.id, 'one');
    const second = await send(alice, chat.id, `two @${bob.username}`);
    await send(alice, chat.id, 'three');
    const bobPhone = await connected(bob);
    await call(bob, 'POST', `/api/v1/chats/${chat.id}/read`, { seq: second.seq });
    const frame = await bobPhone.next(eventOf('read.updated', (data) => data.chatId === chat.id));
    expect(isEvent(frame) && frame.event.data).toEqual({
      chatId: chat.id,
      lastReadSeq: second.seq,
      unreadCount: 1,
      mentionCount: 0,
    });
    await bobPhone.close();
  });
});

describe('chat activity', () => {
  it('puts the chat with the newest message first and says when it was', async () => {
    const older = await createChat(carol, { type: 'group', memberIds: [alice.id] });
    const newer = await createChat(carol, { type: 'group', memberIds: [bob.id] });
    expect(newer.lastMessageAt).toBeNull();
    const message = await send(carol, older.id, 'bump');
    const list = (await (await call(carol, 'GET', '/api/v1/chats')).json()) as { items: Chat[] };
    const ids = list.items.map((chat) => chat.id);
    expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id));
    const bumped = list.items.find((chat) => chat.id === older.id)!;
    expect(Date.parse(bumped.lastMessageAt!)).toBeGreaterThanOrEqual(Date.parse(message.createdAt) - 1000);
  });
});

describe('chat roles', () => {
  const roles = async (chatId: string) =>
    Object.fromEntries(
      (
        (await (await call(alice, 'GET', `/api/v1/chats/${chatId}/members`)).json()) as {
          items: Array<{ userId: string; role: string }>;
        }
      ).items.map((member) => [member.userId, member.role]),
    );
  const setRole = (by: TestAccount, chatId: string, userId: string, role: string) =>
    call(by, 'PATCH', `/api/v1/chats/${chatId}/members/${userId}`, { role });

  it('are managed by owners and admins, ownership is handed over only by the owner, and never lost', async () => {
    const outsider = await signedInAccount(server);
    const chat = await createChat(alice, { type: 'private', name: 'Roles', memberIds: [bob.id, carol.id] });
    expect((await setRole(bob, chat.id, carol.id, 'admin')).status).toBe(403);
    expect((await setRole(outsider, chat.id, carol.id, 'admin')).status).toBe(404);
    expect((await setRole(alice, chat.id, outsider.id, 'admin')).status).toBe(404);
    expect(
      (await call(alice, 'PATCH', `/api/v1/chats/${chat.id}/members/${bob.id}`, { role: 'god' })).status,
    ).toBe(400);

    const bobSocket = await connected(bob);
    expect((await setRole(alice, chat.id, bob.id, 'admin')).status).toBe(204);
    await bobSocket.next(
      eventOf('member.updated', (data) => data.userId === bob.id && data.role === 'admin'),
    );
    await bobSocket.next(eventOf('chat.updated', (data) => data.membership?.role === 'admin'));
    expect((await setRole(bob, chat.id, carol.id, 'admin')).status).toBe(204);
    // An admin may not take or give the ownership, nor remove the owner.
    expect((await setRole(bob, chat.id, carol.id, 'owner')).status).toBe(403);
    expect((await setRole(bob, chat.id, alice.id, 'member')).status).toBe(403);
    expect((await call(bob, 'DELETE', `/api/v1/chats/${chat.id}/members/${alice.id}`)).status).toBe(403);
    expect(await roles(chat.id)).toEqual({ [alice.id]: 'owner', [bob.id]: 'admin', [carol.id]: 'admin' });

    // The owner hands over: the new owner leads, the old one stays an admin.
    expect((await setRole(alice, chat.id, carol.id, 'owner')).status).toBe(204);
    expect(await roles(chat.id)).toEqual({ [alice.id]: 'admin', [bob.id]: 'admin', [carol.id]: 'owner' });
    // The owner leaves: the longest-standing admin takes over.
    expect((await call(carol, 'DELETE', `/api/v1/chats/${chat.id}/members/${carol.id}`)).status).toBe(204);
    expect(await roles(chat.id)).toEqual({ [alice.id]: 'owner', [bob.id]: 'admin' });
    await bobSocket.next(
      eventOf('member.updated', (data) => data.userId === alice.id && data.role === 'owner'),
    );
    await bobSocket.close();
  });
});
