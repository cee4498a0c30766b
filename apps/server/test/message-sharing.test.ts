import { randomUUID } from 'node:crypto';
import { type Chat, type Message, QUOTE_EXCERPT_LENGTH } from '@beseda/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAccount, type TestAccount } from './support/accounts.js';
import { chatClient, errorCode, eventOf } from './support/chats.js';
import { isHello, openSocket } from './support/socket.js';
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

describe('quotes', () => {
  it('show the quoted message as it reads now, and nothing of it once it is deleted', async () => {
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const original = await send(alice, chat.id, `${'long '.repeat(100)}end`);
    const quoting = await send(bob, chat.id, 'I disagree', randomUUID(), { quote: original.id });
    expect(quoting.quote).toMatchObject({
      messageId: original.id,
      seq: original.seq,
      authorId: alice.id,
      deleted: false,
    });
    expect([...quoting.quote!.excerpt].length).toBeLessThanOrEqual(QUOTE_EXCERPT_LENGTH + 1);
    expect(quoting.quote!.excerpt.startsWith('long long')).toBe(true);
    expect(quoting.quote!.excerpt.endsWith('…')).toBe(true);

    await call(alice, 'PATCH', `/api/v1/messages/${original.id}`, { text: 'short now' });
    const edited = (await history(bob, chat.id)).find((message) => message.id === quoting.id)!;
    expect(edited.quote).toMatchObject({ excerpt: 'short now', deleted: false });

    await call(alice, 'DELETE', `/api/v1/messages/${original.id}`);
    const afterDelete = (await history(bob, chat.id)).find((message) => message.id === quoting.id)!;
    expect(afterDelete.quote).toMatchObject({ messageId: original.id, excerpt: '', deleted: true });
    expect(JSON.stringify(afterDelete)).not.toContain('short now');
  });

  it('only point into the same chat, at a message that exists', async () => {
    const mine = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const secret = await createChat(carol, { type: 'private', name: 'Carol only' });
    const hidden = await send(carol, secret.id, 'carol secret');
    for (const quote of [hidden.id, randomUUID()]) {
      const response = await call(alice, 'POST', `/api/v1/chats/${mine.id}/messages`, {
        clientId: randomUUID(),
        text: 'look',
        quote,
      });
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe('message.not_found');
    }
  });
});

describe('forwarding', () => {
  it('posts a copy that credits the first author, once per clientId, live to the target chat', async () => {
    const source = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const target = await createChat(bob, { type: 'group', memberIds: [carol.id] });
    const original = await send(alice, source.id, 'release notes are ready');
    const carolSocket = await openSocket(server, { token: carol.accessToken });
    await carolSocket.next(isHello);

    const clientId = randomUUID();
    const forward = () =>
      call(bob, 'POST', `/api/v1/messages/${original.id}/forward`, { chatId: target.id, clientId });
    const [first, again] = await Promise.all([forward(), forward()]);
    expect([first.status, again.status]).toEqual([201, 201]);
    const copy = (await first.json()) as Message;
    expect(((await again.json()) as Message).id).toBe(copy.id);
    expect(copy).toMatchObject({
      chatId: target.id,
      authorId: bob.id,
      text: 'release notes are ready',
      forwarded: { authorId: alice.id, createdAt: original.createdAt },
    });
    await carolSocket.next(eventOf('message.created', (message) => message.id === copy.id));

    // Forwarding the copy on credits Alice, not Bob; and deleting the original leaves the copy.
    const onward = await call(carol, 'POST', `/api/v1/messages/${copy.id}/forward`, {
      chatId: (await selfChat(carol)).id,
      clientId: randomUUID(),
    });
    expect(((await onward.json()) as Message).forwarded).toEqual({
      authorId: alice.id,
      createdAt: original.createdAt,
    });
    await call(alice, 'DELETE', `/api/v1/messages/${original.id}`);
    expect((await history(carol, target.id)).map((message) => message.text)).toContain(
      'release notes are ready',
    );
    expect((await history(carol, target.id)).filter((message) => message.id === copy.id)).toHaveLength(1);
    await carolSocket.close();
  });

  it('needs read access to the message and write access to the target', async () => {
    const secret = await createChat(alice, { type: 'private', name: 'Alice only' });
    const hidden = await send(alice, secret.id, 'not for carol');
    const carolsChat = await selfChat(carol);
    const cannotRead = await call(carol, 'POST', `/api/v1/messages/${hidden.id}/forward`, {
      chatId: carolsChat.id,
      clientId: randomUUID(),
    });
    expect(cannotRead.status).toBe(404);
    expect(await errorCode(cannotRead)).toBe('message.not_found');

    const open = await createChat(carol, { type: 'group', memberIds: [alice.id] });
    const readable = await send(carol, open.id, 'hello alice');
    const intoHidden = await call(carol, 'POST', `/api/v1/messages/${readable.id}/forward`, {
      chatId: secret.id,
      clientId: randomUUID(),
    });
    expect(intoHidden.status).toBe(404);
    expect(await errorCode(intoHidden)).toBe('chat.not_found');

    const announcements = await createChat(alice, { type: 'channel', name: `news-${randomUUID()}` });
    const notJoined = await call(carol, 'POST', `/api/v1/messages/${readable.id}/forward`, {
      chatId: announcements.id,
      clientId: randomUUID(),
    });
    expect(notJoined.status).toBe(403);
    expect(await history(alice, secret.id)).toHaveLength(1);
  });
});

describe('@here', () => {
  it('mentions the members who are online, and not those who are not', async () => {
    const chat = await createChat(alice, { type: 'private', name: 'Here', memberIds: [bob.id, carol.id] });
    const bobSocket = await openSocket(server, { token: bob.accessToken });
    await bobSocket.next(isHello);
    const message = await send(alice, chat.id, '@here who can review?');
    await bobSocket.next(eventOf('mention', (mention) => mention.id === message.id));
    const counts = async (account: TestAccount) =>
      ((await (await call(account, 'GET', `/api/v1/chats/${chat.id}`)).json()) as Chat).mentionCount;
    expect(await counts(bob)).toBe(1);
    expect(await counts(carol)).toBe(0);
    await bobSocket.close();
  });
});

async function selfChat(account: TestAccount): Promise<Chat> {
  const chats = (await (await call(account, 'GET', '/api/v1/chats')).json()) as { items: Chat[] };
  return chats.items.find((chat) => chat.type === 'self')!;
}
