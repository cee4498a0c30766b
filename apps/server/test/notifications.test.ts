import { randomUUID } from 'node:crypto';
import { type Notification } from '@beseda/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAccount, type TestAccount } from './support/accounts.js';
import { chatClient, eventOf } from './support/chats.js';
import { isHello, openSocket } from './support/socket.js';
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

interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

async function notificationsOf(account: TestAccount, query = ''): Promise<NotificationPage> {
  const response = await call(account, 'GET', `/api/v1/notifications${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as NotificationPage;
}

const about = (page: NotificationPage, chatId: string) =>
  page.items.filter((item) => item.chatId === chatId).map((item) => item.kind);

describe('notifications', () => {
  it('come for direct messages, mentions, followed threads and invitations, live, and not for the rest', async () => {
    const bobSocket = await openSocket(server, { token: bob.accessToken });
    await bobSocket.next(isHello);
    const room = await createChat(alice, { type: 'private', name: 'Notify', memberIds: [bob.id] });
    await bobSocket.next(
      eventOf('notification.created', (n) => n.chatId === room.id && n.kind === 'chat_invite'),
    );

    await send(alice, room.id, 'nothing for anyone here');
    const mention = await send(alice, room.id, `@${bob.username} could you look?`);
    await bobSocket.next(
      eventOf('notification.created', (n) => n.messageId === mention.id && n.kind === 'mention'),
    );
    // Bob replies in Alice's thread: Alice follows it as its author and hears of the reply.
    const root = await send(alice, room.id, 'thread root');
    const reply = await send(bob, room.id, 'my answer', randomUUID(), { replyTo: root.id });
    const direct = await createChat(alice, { type: 'direct', memberIds: [bob.id] });
    const dm = await send(alice, direct.id, 'psst');
    await bobSocket.next(
      eventOf('notification.created', (n) => n.messageId === dm.id && n.kind === 'direct'),
    );

    const bobs = await notificationsOf(bob);
    expect(about(bobs, room.id)).toEqual(['mention', 'chat_invite']);
    expect(about(bobs, direct.id)).toEqual(['direct']);
    expect(bobs.items.find((item) => item.messageId === mention.id)).toMatchObject({
      actorId: alice.id,
      preview: `@${bob.username} could you look?`,
      readAt: null,
    });
    const alices = await notificationsOf(alice);
    expect(alices.items.find((item) => item.messageId === reply.id)).toMatchObject({ kind: 'thread_reply' });
    // Nobody is told of their own messages, nor the author of a plain message.
    expect(alices.items.every((item) => item.actorId !== alice.id)).toBe(true);
    await bobSocket.close();
  });

  it('respect muted chats and the "nothing" level, and a deleted message leaves no text behind', async () => {
    const room = await createChat(alice, { type: 'group', memberIds: [bob.id, carol.id] });
    await call(bob, 'PUT', `/api/v1/chats/${room.id}/membership`, { muted: true });
    await call(carol, 'PUT', `/api/v1/chats/${room.id}/membership`, { notificationLevel: 'nothing' });
    await send(alice, room.id, '@channel lunch?');
    expect(about(await notificationsOf(bob), room.id)).toEqual(['chat_invite']);
    expect(about(await notificationsOf(carol), room.id)).toEqual(['chat_invite']);

    await call(carol, 'PUT', `/api/v1/chats/${room.id}/membership`, { notificationLevel: 'mentions' });
    const secret = await send(alice, room.id, `@${carol.username} the code is 1234`);
    await call(alice, 'DELETE', `/api/v1/messages/${secret.id}`);
    const carols = await notificationsOf(carol);
    const gone = carols.items.find((item) => item.messageId === secret.id);
    // Deleting a message removes its notifications with it.
    expect(gone).toBeUndefined();
    expect(JSON.stringify(carols)).not.toContain('1234');
  });

  it('come when an edit mentions someone for the first time, and only then', async () => {
    const room = await createChat(alice, { type: 'group', memberIds: [bob.id, carol.id] });
    const message = await send(alice, room.id, 'draft plan');
    const edit = (text: string) => call(alice, 'PATCH', `/api/v1/messages/${message.id}`, { text });
    await edit(`draft plan, @${carol.username} please check`);
    await edit(`draft plan, @${carol.username} please check, @${bob.username} too`);
    await edit(`final plan, @${carol.username} please check, @${bob.username} too`);
    const kinds = async (account: TestAccount) =>
      (await notificationsOf(account)).items
        .filter((item) => item.messageId === message.id)
        .map((i) => i.kind);
    expect(await kinds(carol)).toEqual(['mention']);
    expect(await kinds(bob)).toEqual(['mention']);
    expect(await kinds(alice)).toEqual([]);
  });

  it('are marked read one by one or all at once, mine only, and other devices hear of it', async () => {
    const room = await createChat(alice, { type: 'group', memberIds: [carol.id] });
    for (let i = 0; i < 3; i++) await send(alice, room.id, `@${carol.username} ping ${i}`);
    const before = await notificationsOf(carol, '?unread=true');
    expect(before.unreadCount).toBeGreaterThanOrEqual(4);
    const [first] = before.items;
    const otherDevice = await openSocket(server, { token: carol.accessToken });
    await otherDevice.next(isHello);

    // Someone else's id is simply not theirs to mark.
    expect((await call(alice, 'POST', '/api/v1/notifications/read', { ids: [first!.id] })).status).toBe(204);
    expect((await notificationsOf(carol)).items.find((item) => item.id === first!.id)?.readAt).toBeNull();

    expect((await call(carol, 'POST', '/api/v1/notifications/read', { ids: [first!.id] })).status).toBe(204);
    await otherDevice.next(eventOf('notification.read', (data) => data.ids?.includes(first!.id) ?? false));
    expect((await notificationsOf(carol)).unreadCount).toBe(before.unreadCount - 1);

    expect((await call(carol, 'POST', '/api/v1/notifications/read', {})).status).toBe(204);
    await otherDevice.next(eventOf('notification.read', (data) => data.ids === null));
    expect((await notificationsOf(carol)).unreadCount).toBe(0);
    expect((await call(carol, 'POST', '/api/v1/notifications/read', { ids: ['nope'] })).status).toBe(400);
    await otherDevice.close();
  });

  it('page with a cursor without gaps or repeats', async () => {
    const room = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    for (let i = 0; i < 5; i++) await send(alice, room.id, `@${bob.username} page ${i}`);
    const all = (await notificationsOf(bob, '?limit=100')).items.map((item) => item.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: NotificationPage = await notificationsOf(
        bob,
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });
});
