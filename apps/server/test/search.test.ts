import { randomUUID } from 'node:crypto';
import { type SearchHit, type SearchHitList } from '@beseda/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAccount, type TestAccount } from './support/accounts.js';
import { chatClient, errorCode } from './support/chats.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
const { call, createChat, send } = chatClient(() => server);

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

async function searchPage(account: TestAccount, params: Record<string, string>): Promise<SearchHitList> {
  const response = await call(account, 'GET', `/api/v1/search/messages?${new URLSearchParams(params)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as SearchHitList;
}

async function found(
  account: TestAccount,
  q: string,
  params: Record<string, string> = {},
): Promise<string[]> {
  return (await searchPage(account, { q, ...params })).items.map((hit) => hit.message.id);
}

/** The highlighted parts of a snippet, as the client would mark them. */
const marked = (hit: SearchHit) =>
  hit.snippet.highlights.map((range) => hit.snippet.text.slice(range.start, range.end));

describe('message search', () => {
  it('finds Russian and English words in their other forms', async () => {
    const alice = await signedInAccount(server);
    const bob = await signedInAccount(server);
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const russian = await send(alice, chat.id, 'Мы гуляли с собаками в парке до вечера');
    const english = await send(bob, chat.id, 'The deployments were running all night');
    const other = await send(bob, chat.id, 'Совсем про другое');

    expect(await found(alice, 'собака')).toEqual([russian.id]);
    expect(await found(alice, 'парк гулять')).toEqual([russian.id]);
    expect(await found(bob, 'deployment run')).toEqual([english.id]);
    expect(await found(bob, 'RUNS')).toEqual([english.id]);
    expect(await found(alice, 'кошка')).not.toContain(other.id);

    const [hit] = (await searchPage(alice, { q: 'собака' })).items;
    expect(hit).toMatchObject({ chatId: chat.id, message: { id: russian.id, authorId: alice.id } });
    expect(marked(hit!)).toEqual(['собаками']);
  });

  it('finds parts of words and mixed-script terms', async () => {
    const alice = await signedInAccount(server);
    const chat = await createChat(alice, { type: 'private', name: `Notes ${randomUUID()}` });
    const model = await send(alice, chat.id, 'Заказал iPhone-чехол и PostgreSQL-книжку');
    const config = await send(alice, chat.id, 'поправил конфигурацию nginx');

    expect(await found(alice, 'phone')).toEqual([model.id]);
    expect(await found(alice, 'iphone чехол')).toEqual([model.id]);
    expect(await found(alice, 'конфиг')).toEqual([config.id]);
    expect(await found(alice, 'ginx')).toEqual([config.id]);
    const [hit] = (await searchPage(alice, { q: 'конфиг' })).items;
    expect(marked(hit!)).toEqual(['конфиг']);
  });

  it('never finds deleted text, or what a message said before an edit', async () => {
    const alice = await signedInAccount(server);
    const chat = await createChat(alice, { type: 'private', name: 'Edits' });
    const edited = await send(alice, chat.id, 'встреча в понедельник');
    const deleted = await send(alice, chat.id, 'секретный пароль от вайфая');
    expect(await found(alice, 'понедельник')).toEqual([edited.id]);

    expect(
      (await call(alice, 'PATCH', `/api/v1/messages/${edited.id}`, { text: 'встреча во вторник' })).status,
    ).toBe(200);
    expect((await call(alice, 'DELETE', `/api/v1/messages/${deleted.id}`)).status).toBe(204);

    expect(await found(alice, 'понедельник')).toEqual([]);
    expect(await found(alice, 'вторник')).toEqual([edited.id]);
    expect(await found(alice, 'пароль')).toEqual([]);
    expect(await found(alice, 'вайф')).toEqual([]);
  });

  it('only searches chats the caller can read right now', async () => {
    const alice = await signedInAccount(server);
    const bob = await signedInAccount(server);
    const carol = await signedInAccount(server);
    const word = `тайна${randomUUID().slice(0, 8)}`;
    const secret = await createChat(carol, { type: 'private', name: 'Carol only' });
    await send(carol, secret.id, `${word} Кэрол`);
    const group = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const shared = await send(alice, group.id, `${word} для Боба`);
    const channel = await createChat(carol, { type: 'channel', name: `open-${randomUUID().slice(0, 8)}` });
    const announced = await send(carol, channel.id, `${word} для всех`);

    // Public channels are readable by every member of the instance, joined or not.
    expect((await found(bob, word)).sort()).toEqual([shared.id, announced.id].sort());

    // A private chat by id answers exactly like a chat that does not exist.
    const probe = await call(bob, 'GET', `/api/v1/search/messages?q=${word}&chat=${secret.id}`);
    expect(probe.status).toBe(404);
    expect(await errorCode(probe)).toBe('chat.not_found');
    expect(await found(bob, word, { chat: channel.id })).toEqual([announced.id]);

    expect((await call(alice, 'DELETE', `/api/v1/chats/${group.id}/members/${bob.id}`)).status).toBe(204);
    expect(await found(bob, word)).toEqual([announced.id]);
    const removed = await call(bob, 'GET', `/api/v1/search/messages?q=${word}&chat=${group.id}`);
    expect(removed.status).toBe(404);
  });

  it('filters by author, mentions of the caller and date range', async () => {
    const alice = await signedInAccount(server);
    const bob = await signedInAccount(server);
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const bobProfile = (await (await call(bob, 'GET', '/api/v1/me')).json()) as { username: string };
    const plain = await send(alice, chat.id, 'релиз готов');
    const mention = await send(alice, chat.id, `@${bobProfile.username} релиз проверь`);
    const own = await send(bob, chat.id, 'релиз проверил');

    expect((await found(bob, 'релиз', { from: alice.id })).sort()).toEqual([plain.id, mention.id].sort());
    expect(await found(bob, 'релиз', { mentionsMe: 'true' })).toEqual([mention.id]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await found(bob, 'релиз', { since: future })).toEqual([]);
    expect((await found(bob, 'релиз', { until: future })).length).toBe(3);
    expect(await found(bob, 'релиз', { order: 'date', limit: '1' })).toEqual([own.id]);
  });

  it('pages through every hit once, by relevance and by date', async () => {
    const alice = await signedInAccount(server);
    const chat = await createChat(alice, { type: 'private', name: 'Pages' });
    const sent = [];
    for (let i = 0; i < 7; i++) {
      sent.push(await send(alice, chat.id, i % 2 ? `отчёт номер ${i}` : `отчёт отчёты отчётов ${i}`));
    }
    for (const order of ['relevance', 'date']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: SearchHitList = await searchPage(alice, {
          q: 'отчёт',
          order,
          limit: '3',
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.items.map((hit) => hit.message.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(sent.map((message) => message.id).sort());
    }
    const byDate = await found(alice, 'отчёт', { order: 'date' });
    expect(byDate).toEqual(sent.map((message) => message.id).reverse());
    const [best] = await found(alice, 'отчёт', { order: 'relevance', limit: '1' });
    expect(best).not.toBe(sent[1]!.id);
  });

  it('rejects a cursor it did not make', async () => {
    const alice = await signedInAccount(server);
    const response = await call(alice, 'GET', '/api/v1/search/messages?q=x&cursor=bm9wZQ');
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('validation.failed');
  });
});

describe('chat search', () => {
  it('finds my own chats by name, direct chats by the other person, and public channels', async () => {
    const alice = await signedInAccount(server);
    const bob = await signedInAccount(server);
    const tag = randomUUID().slice(0, 8);
    const mine = await createChat(alice, { type: 'private', name: `Проект Ёлка ${tag}` });
    const channel = await createChat(bob, { type: 'channel', name: `ёлка-${tag}` });
    const hidden = await createChat(bob, { type: 'private', name: `Ёлка Боба ${tag}` });
    const direct = await createChat(alice, { type: 'direct', memberIds: [bob.id] });
    const bobName = ((await (await call(bob, 'GET', '/api/v1/me')).json()) as { displayName: string })
      .displayName;

    const response = await call(alice, 'GET', `/api/v1/search/chats?q=${encodeURIComponent(`елка ${tag}`)}`);
    expect(response.status).toBe(200);
    const ids = ((await response.json()) as { items: Array<{ id: string }> }).items.map((chat) => chat.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(hidden.id);

    const channels = await call(alice, 'GET', `/api/v1/search/chats?q=${tag}`);
    const channelIds = ((await channels.json()) as { items: Array<{ id: string }> }).items.map((c) => c.id);
    expect(channelIds).toEqual([mine.id, channel.id]);

    const people = await call(alice, 'GET', `/api/v1/search/chats?q=${encodeURIComponent(bobName)}`);
    const peopleIds = ((await people.json()) as { items: Array<{ id: string }> }).items.map((c) => c.id);
    expect(peopleIds).toEqual([direct.id]);
  });
});
