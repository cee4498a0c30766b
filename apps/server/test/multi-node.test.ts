import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Message, type RealtimeEvent, type ServerFrame } from '@beseda/protocol';
import { afterAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { bearer, login, registerConfirmed } from './support/accounts.js';
import {
  createScratchDatabase,
  realBackendUrls,
  testBackend,
  uniqueRedisPrefix,
} from './support/backends.js';
import { type ServerProcess, spawnServer } from './support/server-process.js';
import { type TestServer } from './support/test-server.js';

/**
 * A client as the web app behaves: it keeps every message it learned of by id, resumes its
 * stream after a drop, and when the server says resync it fetches what it missed with after=seq.
 */
class ChatClient {
  readonly messages = new Map<number, string>();
  /** Every event received, in order, across reconnects. */
  readonly events: RealtimeEvent[] = [];
  private socket: WebSocket | undefined;
  private streamId: string | undefined;
  private lastEventSeq = 0;
  resyncs = 0;

  constructor(
    private readonly token: string,
    private readonly chatId: string,
  ) {}

  async connect(node: ServerProcess) {
    const ws = new WebSocket(`${node.url.replace('http', 'ws')}/api/v1/ws`);
    this.socket = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const hello = new Promise<void>((resolve) => {
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as ServerFrame;
        if (frame.type === 'hello') {
          this.streamId = frame.streamId;
          if (!frame.resumed) this.lastEventSeq = 0;
          resolve();
        } else if (frame.type === 'event') {
          this.lastEventSeq = frame.seq;
          this.events.push(frame.event);
          if (frame.event.type === 'message.created') this.learn(frame.event.data);
        } else if (frame.type === 'resync') {
          this.resyncs++;
          void this.fillGap(node);
        }
      });
    });
    const resume = this.streamId ? { streamId: this.streamId, lastSeq: this.lastEventSeq } : undefined;
    ws.send(JSON.stringify({ type: 'auth', token: this.token, ...(resume ? { resume } : {}) }));
    await hello;
    // Whatever happened while disconnected, history closes the gap (the socket is only the fast path).
    await this.fillGap(node);
  }

  private learn(message: Message) {
    if (message.chatId !== this.chatId) return;
    const known = this.messages.get(message.seq);
    if (known && known !== message.id) throw new Error(`two messages claim seq ${message.seq}`);
    this.messages.set(message.seq, message.id);
  }

  private async fillGap(node: ServerProcess) {
    let after = 0;
    while (this.messages.has(after + 1)) after++;
    const response = await fetch(
      `${node.url}/api/v1/chats/${this.chatId}/messages?after=${after}&limit=200`,
      bearer(this.token),
    );
    for (const message of ((await response.json()) as { items: Message[] }).items) this.learn(message);
  }

  /** Sends a command over the socket (the reply is not awaited). */
  request(method: string, params: unknown) {
    this.socket?.send(JSON.stringify({ type: 'request', id: randomUUID(), method, params }));
  }

  close() {
    this.socket?.terminate();
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.runIf(testBackend === 'real')('two server nodes on one PostgreSQL and Redis', () => {
  it('lose no acknowledged message and duplicate none when one node is killed mid-conversation', async () => {
    const { databaseUrl, redisUrl } = realBackendUrls();
    const database = await createScratchDatabase(databaseUrl);
    cleanups.push(() => database.drop());
    // Both nodes share the data folder: either one's outbox worker may deliver a mail.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'beseda-nodes-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: uniqueRedisPrefix(),
      PUBLIC_URL: 'http://localhost:3000',
      // Short, so the test sees a killed node's users go offline in seconds rather than a minute.
      PRESENCE_TTL_MS: '3000',
    };
    const [nodeA, nodeB] = await Promise.all([spawnServer(env), spawnServer(env)]);
    cleanups.push(
      () => void nodeA.stop('SIGKILL'),
      () => void nodeB.stop('SIGKILL'),
    );
    await Promise.all([nodeA.ready(), nodeB.ready()]);

    const viaA = {
      request: (p: string, init?: RequestInit) => fetch(nodeA.url + p, init),
      config: { publicUrl: 'http://localhost:3000', dataDir },
    } as unknown as TestServer;
    const signIn = async () => {
      const fields = await registerConfirmed(viaA);
      const { accessToken } = await login(viaA, fields.username, fields.password);
      const me = (await (await fetch(`${nodeA.url}/api/v1/me`, bearer(accessToken))).json()) as {
        id: string;
      };
      return { accessToken, id: me.id };
    };
    const alice = await signIn();
    const bob = await signIn();
    const carol = await signIn();
    const bobId = bob.id;
    const chat = (await (
      await fetch(
        `${nodeA.url}/api/v1/chats`,
        bearer(alice.accessToken, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'group', memberIds: [bobId, carol.id] }),
        }),
      )
    ).json()) as { id: string };

    const aliceClient = new ChatClient(alice.accessToken, chat.id);
    const bobClient = new ChatClient(bob.accessToken, chat.id);
    cleanups.push(
      () => aliceClient.close(),
      () => bobClient.close(),
    );
    await aliceClient.connect(nodeA);
    await bobClient.connect(nodeB);

    // Presence and typing cross nodes: Carol comes online on node A, Bob on node B sees it.
    const carolClient = new ChatClient(carol.accessToken, chat.id);
    cleanups.push(() => carolClient.close());
    await carolClient.connect(nodeA);
    const carolShows = (presence: string) => (event: RealtimeEvent) =>
      event.type === 'presence.changed' && event.data.userId === carol.id && event.data.presence === presence;
    await vi.waitFor(() => expect(bobClient.events.some(carolShows('online'))).toBe(true), {
      timeout: 15_000,
    });
    aliceClient.request('chat.typing', { chatId: chat.id });
    await vi.waitFor(
      () =>
        expect(
          bobClient.events.some((event) => event.type === 'typing' && event.data.userId === alice.id),
        ).toBe(true),
      { timeout: 15_000 },
    );

    const acknowledged: Message[] = [];
    const sendVia = async (node: ServerProcess, token: string, text: string) => {
      const response = await fetch(
        `${node.url}/api/v1/chats/${chat.id}/messages`,
        bearer(token, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clientId: randomUUID(), text }),
        }),
      );
      if (response.status === 201) acknowledged.push((await response.json()) as Message);
    };

    for (let i = 0; i < 10; i++) {
      await Promise.all([
        sendVia(nodeA, alice.accessToken, `a${i}`),
        sendVia(nodeB, bob.accessToken, `b${i}`),
      ]);
    }
    // Cross-node delivery: Bob, on node B, has Alice's messages sent through node A.
    await vi.waitFor(() => expect(bobClient.messages.size).toBe(20), { timeout: 15_000 });

    // Node A dies without a chance to say goodbye; the conversation goes on through node B.
    await nodeA.stop('SIGKILL');
    carolClient.close();
    for (let i = 10; i < 20; i++) await sendVia(nodeB, bob.accessToken, `b${i}`);
    await aliceClient.connect(nodeB);
    // Node A cannot hand Alice's stream over: node B tells her to resync from history.
    await vi.waitFor(() => expect(aliceClient.resyncs).toBe(1));
    for (let i = 20; i < 25; i++) await sendVia(nodeB, alice.accessToken, `a${i}`);
    // Carol was only on the dead node: node B finds its heartbeat gone and tells Bob she is offline.
    await vi.waitFor(() => expect(bobClient.events.some(carolShows('offline'))).toBe(true), {
      timeout: 20_000,
    });
    // Alice moved to node B: she stays online for Bob throughout.
    expect(
      bobClient.events.some(
        (event) =>
          event.type === 'presence.changed' &&
          event.data.userId === alice.id &&
          event.data.presence === 'offline',
      ),
    ).toBe(false);

    const expected = new Map(acknowledged.map((message) => [message.seq, message.id]));
    expect(expected.size).toBe(acknowledged.length);
    expect([...expected.keys()].sort((a, b) => a - b)).toEqual(
      Array.from({ length: expected.size }, (_, i) => i + 1),
    );
    for (const client of [aliceClient, bobClient]) {
      await vi.waitFor(() => expect(client.messages.size).toBe(expected.size), { timeout: 15_000 });
      expect(new Map([...client.messages].sort(([a], [b]) => a - b))).toEqual(
        new Map([...expected].sort(([a], [b]) => a - b)),
      );
    }
  });
});
