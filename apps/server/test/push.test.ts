import {
  createDecipheriv,
  createECDH,
  createHmac,
  createPublicKey,
  type ECDH,
  randomBytes,
  verify,
} from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type PushPayload } from '@beseda/protocol';
import { eq, sql } from 'drizzle-orm';
import { type Logger } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pushDeliveries, pushSubscriptions } from '../src/db/schema/index.js';
import { Database } from '../src/infra/db/database.js';
import { LOGGER } from '../src/infra/infra.module.js';
import { PushSender } from '../src/modules/push/push-sender.js';
import { PushRepository } from '../src/modules/push/push.repository.js';
import { MAX_SUBSCRIPTIONS_PER_USER } from '../src/modules/push/push.service.js';
import { PushWorker } from '../src/modules/push/push.worker.js';
import { VapidKeys } from '../src/modules/push/vapid-keys.js';
import { bearer, signedInAccount, type TestAccount } from './support/accounts.js';
import { testBackend } from './support/backends.js';
import { chatClient, errorCode } from './support/chats.js';
import { isHello, openSocket } from './support/socket.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** Generous: the worker polls every second and must not fail on a slow machine. */
const eventually = { timeout: 30_000, interval: 50 };

interface ReceivedPush {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A stand-in for a browser vendor's push service: records requests, answers what the test says. */
class PushServiceStub {
  readonly received: ReceivedPush[] = [];
  private readonly answers: number[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks),
        });
        response.writeHead(this.answers.shift() ?? 201).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  answerNext(...statuses: number[]): void {
    this.answers.push(...statuses);
  }

  to(path: string): ReceivedPush[] {
    return this.received.filter((push) => push.path === path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A browser's side of a subscription: its P-256 key pair and auth secret (RFC 8291). */
interface Device {
  endpoint: string;
  path: string;
  ecdh: ECDH;
  auth: Buffer;
}

let deviceCount = 0;
function newDevice(stub: PushServiceStub): Device {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const path = `/push/device-${++deviceCount}-${randomBytes(4).toString('hex')}`;
  return { endpoint: stub.url + path, path, ecdh, auth: randomBytes(16) };
}

const subscriptionBody = (device: Device) => ({
  endpoint: device.endpoint,
  keys: { p256dh: device.ecdh.getPublicKey().toString('base64url'), auth: device.auth.toString('base64url') },
});

const hmac = (key: Buffer, ...data: Buffer[]) => {
  const mac = createHmac('sha256', key);
  for (const part of data) mac.update(part);
  return mac.digest();
};

/** Decrypts an aes128gcm push message body (RFC 8188 framing, RFC 8291 keys) as a browser does. */
function decrypt(device: Device, body: Buffer): string {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const keyIdLength = body[20]!;
  const senderPublicKey = body.subarray(21, 21 + keyIdLength);
  const record = body.subarray(21 + keyIdLength);
  expect(keyIdLength).toBe(65);
  expect(record.length).toBeLessThanOrEqual(recordSize);

  const ecdhSecret = device.ecdh.computeSecret(senderPublicKey);
  const prkKey = hmac(device.auth, ecdhSecret);
  const keyInfo = Buffer.concat([
    Buffer.from('WebPush: info\0'),
    device.ecdh.getPublicKey(),
    senderPublicKey,
    Buffer.from([1]),
  ]);
  const ikm = hmac(prkKey, keyInfo);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0'), Buffer.from([1])).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0'), Buffer.from([1])).subarray(0, 12);

  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 followed by zero or more padding zeros.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  expect(padded[end]).toBe(2);
  return padded.subarray(0, end).toString('utf8');
}

/** Checks the VAPID header (RFC 8292) of a push request and returns the JWT's claims. */
function vapidClaims(push: ReceivedPush, expectedPublicKey: string) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(push.headers.authorization ?? '');
  expect(match, `Authorization: ${push.headers.authorization}`).not.toBeNull();
  const [, token, key] = match!;
  expect(key).toBe(expectedPublicKey);
  const [header, claims, signature] = token!.split('.');
  expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({
    alg: 'ES256',
    typ: 'JWT',
  });
  const point = Buffer.from(key!, 'base64url');
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature!, 'base64url'),
  );
  expect(valid, 'VAPID JWT signature').toBe(true);
  return JSON.parse(Buffer.from(claims!, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
}

function payloadOf(device: Device, push: ReceivedPush): PushPayload {
  return JSON.parse(decrypt(device, push.body)) as PushPayload;
}

describe('web push', () => {
  let stub: PushServiceStub;
  let server: TestServer;
  let db: Database['db'];
  let worker: PushWorker;
  let alice: TestAccount;
  let bob: TestAccount;
  let carol: TestAccount;
  let publicKey: string;
  const { call, createChat, send } = chatClient(() => server);

  beforeAll(async () => {
    stub = new PushServiceStub();
    await stub.start();
    // The stub push service listens on this machine: allowed here, refused by default.
    server = await startTestServer({
      env: { VAPID_SUBJECT: 'mailto:admin@example.org', PUSH_LOOPBACK_ENDPOINTS: 'true' },
    });
    db = server.app.get(Database).db;
    worker = server.app.get(PushWorker);
    alice = await signedInAccount(server);
    bob = await signedInAccount(server);
    carol = await signedInAccount(server);
    // Bob reads English, Carol Russian (the default).
    expect((await call(bob, 'PATCH', '/api/v1/me', { language: 'en' })).status).toBe(200);
    const response = await server.request('/api/v1/push/key');
    expect(response.status).toBe(200);
    ({ publicKey } = (await response.json()) as { publicKey: string });
  });

  afterEach(() => {
    worker.start();
    const { privateKey } = server.app.get(VapidKeys).details;
    expect(server.rawLogs(), 'the VAPID private key was logged').not.toContain(privateKey);
  });

  afterAll(async () => {
    await server?.close();
    await stub?.close();
  });

  async function subscribe(account: TestAccount, device: Device): Promise<string> {
    const response = await call(account, 'POST', '/api/v1/me/push-subscriptions', subscriptionBody(device));
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  async function deliveriesOf(messageId: string) {
    return db.select().from(pushDeliveries).where(eq(pushDeliveries.messageId, messageId));
  }

  it('publishes a VAPID public key that is an uncompressed P-256 point, the same on every call', async () => {
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(publicKey, 'base64url')[0]).toBe(4);
    const again = (await (await server.request('/api/v1/push/key')).json()) as { publicKey: string };
    expect(again.publicKey).toBe(publicKey);
  });

  it('registers a device once per endpoint, lists it without the endpoint, and removes it only for its owner', async () => {
    const device = newDevice(stub);
    const id = await subscribe(carol, device);
    expect(await subscribe(carol, device)).toBe(id);

    const list = await call(carol, 'GET', '/api/v1/me/push-subscriptions');
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as { items: Array<Record<string, unknown>> };
    expect(items).toEqual([
      { id, service: new URL(stub.url).host, userAgent: expect.any(String), createdAt: expect.any(String) },
    ]);
    expect(JSON.stringify(items)).not.toContain(device.path);

    const foreign = await call(alice, 'DELETE', `/api/v1/me/push-subscriptions/${id}`);
    expect(foreign.status).toBe(404);
    expect(await errorCode(foreign)).toBe('push.subscription_not_found');
    expect((await call(carol, 'DELETE', `/api/v1/me/push-subscriptions/${id}`)).status).toBe(204);
    const after = (await (await call(carol, 'GET', '/api/v1/me/push-subscriptions')).json()) as {
      items: unknown[];
    };
    expect(after.items).toEqual([]);
  });

  it('moves a device to the account that registers it last, without what was queued for the one before', async () => {
    await worker.stop();
    const ivan = await signedInAccount(server);
    const judy = await signedInAccount(server);
    const device = newDevice(stub);
    const ivansId = await subscribe(ivan, device);
    const direct = await createChat(alice, { type: 'direct', memberIds: [ivan.id] });
    const forIvan = await send(alice, direct.id, 'for Ivan only');
    expect(await deliveriesOf(forIvan.id)).toHaveLength(1);

    const judysId = await subscribe(judy, device);
    expect(judysId).not.toBe(ivansId);
    expect(await deliveriesOf(forIvan.id)).toEqual([]);
    const ivans = (await (await call(ivan, 'GET', '/api/v1/me/push-subscriptions')).json()) as {
      items: unknown[];
    };
    expect(ivans.items).toEqual([]);
    expect(await worker.runOnce()).toBe(0);
    expect(stub.to(device.path)).toEqual([]);
  });

  it('keeps the newest devices of one account when it registers more than the limit', async () => {
    const kate = await signedInAccount(server);
    const ids: string[] = [];
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_USER + 2; i++) ids.push(await subscribe(kate, newDevice(stub)));
    const { items } = (await (await call(kate, 'GET', '/api/v1/me/push-subscriptions')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(items.map((item) => item.id).sort()).toEqual(ids.slice(2).sort());
  });

  it('refuses plain-http endpoints off this machine and keys that are not P-256 points', async () => {
    const device = newDevice(stub);
    const remote = await call(alice, 'POST', '/api/v1/me/push-subscriptions', {
      ...subscriptionBody(device),
      endpoint: 'http://push.example.org/x',
    });
    expect(remote.status).toBe(400);
    expect(await errorCode(remote)).toBe('push.invalid_subscription');

    const notAPoint = Buffer.alloc(65, 7);
    notAPoint[0] = 4;
    const badKey = await call(alice, 'POST', '/api/v1/me/push-subscriptions', {
      ...subscriptionBody(device),
      keys: { p256dh: notAPoint.toString('base64url'), auth: device.auth.toString('base64url') },
    });
    expect(badKey.status).toBe(400);
    expect(await errorCode(badKey)).toBe('push.invalid_subscription');
  });

  it("refuses endpoints on the server's own machine unless configured to allow them", async () => {
    const strict = await startTestServer();
    try {
      const owner = await signedInAccount(strict);
      for (const endpoint of [
        'http://127.0.0.1:6379/x',
        'https://localhost:8443/x',
        'https://127.1.2.3/x',
        'https://[::1]/x',
      ]) {
        const response = await strict.request(
          '/api/v1/me/push-subscriptions',
          bearer(owner.accessToken, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ...subscriptionBody(newDevice(stub)), endpoint }),
          }),
        );
        expect(response.status, endpoint).toBe(400);
      }
    } finally {
      await strict.close();
    }
  });

  it('pushes an encrypted, signed notification for a mention, in the recipient language, with a link to the message', async () => {
    const device = newDevice(stub);
    await subscribe(bob, device);
    const room = await createChat(alice, { type: 'private', name: 'Launch', memberIds: [bob.id] });
    const long = `@${bob.username} ${'word '.repeat(200)}`;
    const message = await send(alice, room.id, long);

    await expect.poll(() => stub.to(device.path), eventually).toHaveLength(1);
    const [push] = stub.to(device.path);
    expect(push!.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(push!.headers.ttl)).toBeGreaterThan(0);
    const claims = vapidClaims(push!, publicKey);
    expect(claims.aud).toBe(stub.url);
    expect(claims.sub).toBe('mailto:admin@example.org');
    const now = Date.now() / 1000;
    expect(claims.exp).toBeGreaterThan(now);
    expect(claims.exp).toBeLessThanOrEqual(now + 24 * 60 * 60);

    const payload = payloadOf(device, push!);
    expect(payload.title).toMatch(/ mentioned you in Launch$/);
    expect(payload.url).toBe(`/chats/${room.id}?message=${message.id}`);
    expect(payload.tag).toBe(`chat:${room.id}`);
    expect(payload.body.startsWith(`@${bob.username} word word`)).toBe(true);
    expect([...payload.body].length).toBeLessThanOrEqual(140);
    expect(payload.body.endsWith('…')).toBe(true);
    // Sent once, and the queue forgets it.
    await expect.poll(() => deliveriesOf(message.id), eventually).toEqual([]);
    expect(await worker.runOnce()).toBe(0);
    expect(stub.to(device.path)).toHaveLength(1);
  });

  it('links a thread reply to its thread and writes to a Russian reader in Russian', async () => {
    const device = newDevice(stub);
    await subscribe(carol, device);
    const room = await createChat(carol, { type: 'private', name: 'Планы', memberIds: [alice.id] });
    const root = await send(carol, room.id, 'root');
    await send(alice, room.id, 'ответ в обсуждении', undefined, { replyTo: root.id });
    await expect.poll(() => stub.to(device.path), eventually).toHaveLength(1);

    const payload = payloadOf(device, stub.to(device.path)[0]!);
    expect(payload).toEqual({
      title: expect.stringMatching(/ отвечает в обсуждении в «Планы»$/),
      body: 'ответ в обсуждении',
      url: `/chats/${room.id}?thread=${root.id}`,
      tag: `thread:${root.id}`,
    });
  });

  it('pushes nothing to someone active in the app or in do-not-disturb', async () => {
    const dave = await signedInAccount(server);
    const erin = await signedInAccount(server);
    const daveDevice = newDevice(stub);
    const erinDevice = newDevice(stub);
    await subscribe(dave, daveDevice);
    await subscribe(erin, erinDevice);
    const room = await createChat(alice, { type: 'group', memberIds: [dave.id, erin.id] });

    const daveSocket = await openSocket(server, { token: dave.accessToken });
    await daveSocket.next(isHello);
    expect((await call(erin, 'PUT', '/api/v1/me/status', { presence: 'dnd' })).status).toBe(200);

    const quiet = await send(alice, room.id, `@${dave.username} @${erin.username} hello`);
    // Decided in the message's transaction: nothing was queued for either of them.
    expect(await deliveriesOf(quiet.id)).toEqual([]);

    // Once Dave goes away (socket still open) a mention reaches his device; Erin's stays quiet.
    expect((await call(dave, 'PUT', '/api/v1/me/status', { presence: 'away' })).status).toBe(200);
    const loud = await send(alice, room.id, `@${dave.username} @${erin.username} still there?`);
    await expect.poll(() => stub.to(daveDevice.path), eventually).toHaveLength(1);
    expect(payloadOf(daveDevice, stub.to(daveDevice.path)[0]!).url).toContain(loud.id);
    expect(stub.to(erinDevice.path)).toEqual([]);
    await daveSocket.close();
  });

  it('removes a subscription the push service says is gone (410)', async () => {
    const frank = await signedInAccount(server);
    const device = newDevice(stub);
    const id = await subscribe(frank, device);
    const direct = await createChat(alice, { type: 'direct', memberIds: [frank.id] });
    stub.answerNext(410);
    await send(alice, direct.id, 'are you there?');

    await expect.poll(() => stub.to(device.path), eventually).toHaveLength(1);
    await expect
      .poll(() => db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, id)), eventually)
      .toEqual([]);
    const list = (await (await call(frank, 'GET', '/api/v1/me/push-subscriptions')).json()) as {
      items: unknown[];
    };
    expect(list.items).toEqual([]);
    expect(server.logs).toContainEqual(expect.objectContaining({ subscriptionId: id, status: 410 }));
  });

  it('retries with backoff when the push service fails, and delivers once', async () => {
    await worker.stop();
    const grace = await signedInAccount(server);
    const device = newDevice(stub);
    await subscribe(grace, device);
    const direct = await createChat(alice, { type: 'direct', memberIds: [grace.id] });
    const message = await send(alice, direct.id, 'retry me');
    stub.answerNext(503);

    expect(await worker.runOnce()).toBe(1);
    const [row] = await deliveriesOf(message.id);
    expect(row).toMatchObject({ attempts: 1, lockedUntil: null, failedAt: null });
    expect(row!.lastError).toMatch(/503/);
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 3_000);
    expect(await worker.runOnce()).toBe(0);

    await db
      .update(pushDeliveries)
      .set({ nextAttemptAt: sql`now()` })
      .where(eq(pushDeliveries.id, row!.id));
    expect(await worker.runOnce()).toBe(1);
    expect(await deliveriesOf(message.id)).toEqual([]);
    const pushes = stub.to(device.path);
    expect(pushes).toHaveLength(2);
    expect(payloadOf(device, pushes[1]!).body).toBe('retry me');
  });

  it('delivers exactly once what a worker that died after the commit left behind', async () => {
    await worker.stop();
    const henry = await signedInAccount(server);
    const device = newDevice(stub);
    await subscribe(henry, device);
    const direct = await createChat(alice, { type: 'direct', memberIds: [henry.id] });
    const message = await send(alice, direct.id, 'survive the crash');
    // Committed with the message, nothing sent yet.
    expect(await deliveriesOf(message.id)).toHaveLength(1);
    expect(stub.to(device.path)).toEqual([]);

    // The "crashed" worker: claims with the real claim query, then never finishes.
    const repository = server.app.get(PushRepository);
    const claimed = await repository.claimDue(10, 60_000);
    expect(claimed.map((row) => row.messageId)).toEqual([message.id]);

    const restarted = new PushWorker(repository, server.app.get(PushSender), server.app.get<Logger>(LOGGER));
    expect(await restarted.runOnce()).toBe(0);
    await db
      .update(pushDeliveries)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(pushDeliveries.messageId, message.id));
    expect(await restarted.runOnce()).toBe(1);
    expect(await restarted.runOnce()).toBe(0);
    expect(stub.to(device.path)).toHaveLength(1);
    expect(payloadOf(device, stub.to(device.path)[0]!).body).toBe('survive the crash');
  });
});

describe.runIf(testBackend === 'real')('web push across a restart', () => {
  it('is sent exactly once by the node that starts after the one that committed stopped', async () => {
    const stub = new PushServiceStub();
    await stub.start();
    const first = await startTestServer({ env: { PUSH_LOOPBACK_ENDPOINTS: 'true' } });
    let second: TestServer | undefined;
    try {
      const { call, createChat, send } = chatClient(() => first);
      const alice = await signedInAccount(first);
      const bob = await signedInAccount(first);
      const device = newDevice(stub);
      const subscribed = await call(bob, 'POST', '/api/v1/me/push-subscriptions', subscriptionBody(device));
      expect(subscribed.status).toBe(201);
      const direct = await createChat(alice, { type: 'direct', memberIds: [bob.id] });

      // The process is as good as dead between the commit and the send: its worker never runs again.
      await first.app.get(PushWorker).stop();
      const message = await send(alice, direct.id, 'after the restart');
      const [queued] = await first.app
        .get(Database)
        .db.select()
        .from(pushDeliveries)
        .where(eq(pushDeliveries.messageId, message.id));
      expect(queued).toBeDefined();
      expect(stub.received).toEqual([]);

      second = await startTestServer({ sameBackendAs: first });
      await expect.poll(() => stub.to(device.path), eventually).toHaveLength(1);
      expect(payloadOf(device, stub.to(device.path)[0]!).body).toBe('after the restart');
      // Both nodes share the key pair: the push is signed with the key the browser subscribed with.
      const { publicKey } = (await (await second.request('/api/v1/push/key')).json()) as {
        publicKey: string;
      };
      vapidClaims(stub.to(device.path)[0]!, publicKey);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(stub.to(device.path)).toHaveLength(1);
    } finally {
      await second?.close();
      await first.close();
      await stub.close();
    }
  });
});
