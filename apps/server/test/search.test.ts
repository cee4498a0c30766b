import { randomUUID } from 'node:crypto';
import {
  type File,
  type Message,
  type SearchFileList,
  type SearchHit,
  type SearchHitList,
} from '@beseda/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchRepository } from '../src/modules/search/search.repository.js';
import { type SearchCursor } from '../src/modules/search/search-text.js';
import { bearer, signedInAccount, type TestAccount } from './support/accounts.js';
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

describe('relevance window', () => {
  it('pages through the recent slice it ranked once, even while newer matches arrive', async () => {
    const repository = server.app.get(SearchRepository);
    const alice = await signedInAccount(server);
    const chat = await createChat(alice, { type: 'private', name: 'Window' });
    const word = `окно${randomUUID().slice(0, 8)}`;
    const old: Message[] = [];
    for (let i = 0; i < 6; i++)
      old.push(await send(alice, chat.id, i % 2 ? `${word} ${i}` : `${word} ${word} ${i}`));
    const search = {
      userId: alice.id,
      readsPublicChannels: true,
      words: [word],
      mentionsMe: false,
      hasFile: false,
      order: 'relevance' as const,
      limit: 2,
      // The slice starts right after the second message: the last four are recent.
      recentSince: new Date(new Date(old[1]!.createdAt).getTime() + 1),
    };

    const seen: string[] = [];
    let after: SearchCursor | undefined;
    const fresh: Message[] = [];
    for (let page = 0; page < 10; page++) {
      const rows = await repository.messages({ ...search, after });
      seen.push(...rows.map((row) => row.id));
      const last = rows.at(-1);
      if (!last || rows.length < search.limit) break;
      after = {
        order: 'relevance',
        rank: last.rank,
        createdAt: last.createdKey,
        id: last.id,
        floor: last.windowFloor,
      };
      fresh.push(await send(alice, chat.id, `${word} ${word} ${word} новое`));
    }
    const window = old.slice(-4).map((message) => message.id);
    // Every message of the first page's window exactly once; older ones never; new ones at most once.
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => window.includes(id)).sort()).toEqual([...window].sort());
    expect(seen).not.toContain(old[0]!.id);
    expect(seen).not.toContain(old[1]!.id);
    expect(seen.every((id) => window.includes(id) || fresh.some((message) => message.id === id))).toBe(true);
  });
});

describe('candidate lookup', () => {
  it('finds the same messages whether the chats, the author or the words lead the lookup', async () => {
    const repository = server.app.get(SearchRepository);
    const alice = await signedInAccount(server);
    const bob = await signedInAccount(server);
    const chat = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const tag = `метка${randomUUID().slice(0, 8)}`;
    const both = await send(alice, chat.id, `${tag} релиз в production`);
    const byBob = await send(bob, chat.id, `${tag} релизы production-стенда`);
    await send(alice, chat.id, `${tag} релиз на staging`);
    await send(alice, chat.id, `production ${tag}`);
    const deleted = await send(bob, chat.id, `${tag} релиз production, удалю`);
    expect((await call(bob, 'DELETE', `/api/v1/messages/${deleted.id}`)).status).toBe(204);

    // Every scope read whole, through the chats' index; or none, and the words' indexes find the
    // candidates (the author's when asked for Bob's: he has sent two messages).
    for (const smallScope of [Number.MAX_SAFE_INTEGER, 0, 2]) {
      const search = {
        userId: alice.id,
        readsPublicChannels: true,
        words: [tag, 'релиз', 'production'],
        mentionsMe: false,
        hasFile: false,
        limit: 10,
        smallScope,
      };
      const ids = async (options: { order: 'relevance' | 'date'; authorId?: string }) =>
        (await repository.messages({ ...search, ...options })).map((row) => row.id);
      expect((await ids({ order: 'relevance' })).sort()).toEqual([both.id, byBob.id].sort());
      expect(await ids({ order: 'date' })).toEqual([byBob.id, both.id]);
      expect(await ids({ order: 'relevance', authorId: bob.id })).toEqual([byBob.id]);
      expect(await ids({ order: 'date', authorId: bob.id })).toEqual([byBob.id]);
    }
  });
});

describe('files', () => {
  const upload = async (account: TestAccount, name: string): Promise<File> => {
    const body = new FormData();
    body.append(
      'file',
      new Blob([new Uint8Array(Buffer.alloc(500))], { type: 'application/octet-stream' }),
      name,
    );
    const response = await server.request(
      '/api/v1/files',
      bearer(account.accessToken, { method: 'POST', body }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as File;
  };
  const sendFile = async (account: TestAccount, chatId: string, name: string, text = '') => {
    const file = await upload(account, name);
    const message = await send(account, chatId, text, randomUUID(), { attachments: [file.id] });
    return { file, message };
  };
  const foundFiles = async (account: TestAccount, q: string, params: Record<string, string> = {}) => {
    const response = await call(
      account,
      'GET',
      `/api/v1/search/files?${new URLSearchParams({ q, ...params })}`,
    );
    expect(response.status).toBe(200);
    return (await response.json()) as SearchFileList;
  };

  it('finds messages that have a file with hasFile=true', async () => {
    const alice = await signedInAccount(server);
    const chat = await createChat(alice, { type: 'private', name: 'Attachments' });
    const word = `смета${randomUUID().slice(0, 8)}`;
    const plain = await send(alice, chat.id, `${word} без вложений`);
    const { message: withFile } = await sendFile(alice, chat.id, 'budget.xlsx', `${word} во вложении`);

    expect((await found(alice, word)).sort()).toEqual([plain.id, withFile.id].sort());
    expect(await found(alice, word, { hasFile: 'true' })).toEqual([withFile.id]);
    expect(await found(alice, word, { hasFile: 'true', order: 'date' })).toEqual([withFile.id]);
    expect((await found(alice, word, { hasFile: 'false' })).length).toBe(2);
  });

  it('finds files by part of the name, with signed links, only from chats the caller can read', async () => {
    const alice = await signedInAccount(server);
    const bob = await signedInAccount(server);
    const tag = randomUUID().slice(0, 8);
    const group = await createChat(alice, { type: 'group', memberIds: [bob.id] });
    const secret = await createChat(alice, { type: 'private', name: 'Alice only' });
    const channel = await createChat(alice, { type: 'channel', name: `files-${tag}` });
    const shared = await sendFile(alice, group.id, `Отчёт-${tag}-Q3.pdf`);
    await sendFile(alice, secret.id, `Отчёт-${tag}-тайный.pdf`);
    const announced = await sendFile(alice, channel.id, `отчёт_${tag}_всем.pdf`);
    const gone = await sendFile(bob, group.id, `отчёт-${tag}-черновик.pdf`);
    expect((await call(bob, 'DELETE', `/api/v1/messages/${gone.message.id}`)).status).toBe(204);

    const page = await foundFiles(bob, `отчёт ${tag}`);
    expect(page.items.map((hit) => hit.file.id)).toEqual([announced.file.id, shared.file.id]);
    expect(page.items[1]).toMatchObject({
      chatId: group.id,
      messageId: shared.message.id,
      authorId: alice.id,
      file: { name: `Отчёт-${tag}-Q3.pdf`, url: expect.stringMatching(/^\/api\/v1\/files\/.+&sig=/) },
    });
    expect((await server.request(page.items[1]!.file.url)).status).toBe(200);
    expect((await foundFiles(bob, `${tag} q3`)).items.map((hit) => hit.file.id)).toEqual([shared.file.id]);
    expect((await foundFiles(bob, `${tag}`, { chat: group.id })).items.map((hit) => hit.file.id)).toEqual([
      shared.file.id,
    ]);

    const probe = await call(bob, 'GET', `/api/v1/search/files?q=${tag}&chat=${secret.id}`);
    expect(probe.status).toBe(404);
    expect(await errorCode(probe)).toBe('chat.not_found');
    // The owner finds all three of her own; nobody finds the deleted draft.
    expect((await foundFiles(alice, tag)).items).toHaveLength(3);

    const first = await foundFiles(alice, tag, { limit: '2' });
    const second = await foundFiles(alice, tag, { limit: '2', cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((hit) => hit.file.id)).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
  });
});
