import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { desc, eq, sql } from 'drizzle-orm';
import { type AddressObject, simpleParser } from 'mailparser';
import { type Logger } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../src/db/schema/index.js';
import { Database } from '../src/infra/db/database.js';
import { LOGGER } from '../src/infra/infra.module.js';
import { MailOutbox, type OutgoingMail } from '../src/modules/mail/mail-outbox.js';
import { OutboxHandlers } from '../src/modules/mail/outbox-handlers.js';
import { OutboxRepository } from '../src/modules/mail/outbox.repository.js';
import { MAX_ATTEMPTS, OutboxWorker } from '../src/modules/mail/outbox.worker.js';
import { startSmtpTestServer, type SmtpTestServer } from './support/smtp-test-server.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** Generous: these wait for a worker that polls every second, and must not fail on a slow machine. */
const eventually = { timeout: 30_000, interval: 50 };

let sequence = 0;

/** A reset mail to a recipient of its own, with a link whose token must never show up in logs. */
function resetMail(): OutgoingMail & { token: string } {
  sequence++;
  const token = `one-time-token-${sequence}-${Math.random().toString(36).slice(2)}`;
  return {
    to: `user${sequence}@example.org`,
    template: 'reset-password',
    language: 'ru',
    data: { displayName: 'Анна', link: `https://chat.example.org/reset-password?token=${token}` },
    token,
  };
}

function recipients(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []].flat().flatMap((group) => group.value.map((entry) => entry.address ?? ''));
}

describe('mail outbox over SMTP', () => {
  let smtp: SmtpTestServer;
  let server: TestServer;
  let db: Database['db'];
  let mailOutbox: MailOutbox;
  let worker: OutboxWorker;
  let repository: OutboxRepository;
  const tokens: string[] = [];

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    server = await startTestServer({
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Беседа <no-reply@example.org>' },
    });
    db = server.app.get(Database).db;
    mailOutbox = server.app.get(MailOutbox);
    worker = server.app.get(OutboxWorker);
    repository = server.app.get(OutboxRepository);
  });

  afterEach(() => {
    smtp.rejectNext(0);
    worker.start();
    const logs = server.rawLogs();
    for (const token of tokens) expect(logs, 'a link token was logged').not.toContain(token);
  });

  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  /** Queues a mail in a committed transaction and wakes the worker, as a service would. */
  async function send(mail = resetMail()) {
    tokens.push(mail.token);
    await db.transaction((tx) => mailOutbox.enqueue(tx, mail));
    mailOutbox.wake();
    return mail;
  }

  async function receivedBy(address: string) {
    const parsed = await Promise.all(smtp.messages.map((raw) => simpleParser(raw)));
    return parsed.filter((mail) => recipients(mail.to).includes(address));
  }

  /** UUIDv7 ids are time-ordered and these tests run one at a time: the newest row is the test's own. */
  async function newestRow() {
    const [row] = await db.select().from(outbox).orderBy(desc(outbox.id)).limit(1);
    return row!;
  }

  async function rowById(id: string) {
    const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
    return row!;
  }

  /** Read through a timestamp column's mapping, so it is truncated to milliseconds like the rows are. */
  async function databaseNow(): Promise<number> {
    const [row] = await db
      .select({ now: sql<Date>`now()`.mapWith(outbox.createdAt) })
      .from(sql`(select 1) as one`);
    return row!.now.getTime();
  }

  async function makeDue(id: string) {
    await db
      .update(outbox)
      .set({ nextAttemptAt: sql`now()` })
      .where(eq(outbox.id, id));
    worker.wake();
  }

  it('says which transport it uses without repeating the SMTP credentials', () => {
    expect(server.logs).toContainEqual(
      expect.objectContaining({ mail: 'smtp', msg: 'mail transport ready' }),
    );
    const password = decodeURIComponent(new URL(smtp.url).password);
    expect(server.rawLogs()).not.toContain(password);
  });

  it('never sends a mail whose transaction rolled back', async () => {
    const rolledBack = resetMail();
    const rowsBefore = await db.$count(outbox);

    await expect(
      db.transaction(async (tx) => {
        await mailOutbox.enqueue(tx, rolledBack);
        throw new Error('the change that called for the mail failed');
      }),
    ).rejects.toThrow('the change that called for the mail failed');
    mailOutbox.wake();
    expect(await db.$count(outbox)).toBe(rowsBefore);

    // A mail committed after it is delivered: by then the worker has looked at the table.
    const committed = await send();
    await expect.poll(() => receivedBy(committed.to), eventually).toHaveLength(1);
    expect(await receivedBy(rolledBack.to)).toEqual([]);
  });

  it('delivers a committed mail exactly once, rendered, and then forgets its payload', async () => {
    const mail = await send();

    await expect.poll(() => receivedBy(mail.to), eventually).toHaveLength(1);
    const row = await newestRow();
    await expect.poll(async () => (await rowById(row.id)).sentAt, eventually).not.toBeNull();
    expect(await rowById(row.id)).toMatchObject({
      kind: 'mail',
      attempts: 1,
      payload: null,
      lockedUntil: null,
    });

    // Nothing is left to claim, and running the worker again sends nothing more.
    expect(await worker.runOnce()).toBe(0);
    const [received] = await receivedBy(mail.to);
    expect(received!.subject).toBe('Сброс пароля в Беседе');
    expect(received!.text).toContain(`token=${mail.token}`);
    expect(received!.html).toContain(`token=${mail.token}`);
    expect(recipients(received!.from)).toEqual(['no-reply@example.org']);
    expect(await receivedBy(mail.to)).toHaveLength(1);
  });

  it('retries a failing delivery with exponential backoff and delivers it once on the third attempt', async () => {
    await worker.stop();
    smtp.rejectNext(2);
    const beforeFirst = await databaseNow();
    const mail = await send();
    const { id } = await newestRow();

    expect(await worker.runOnce()).toBe(1);
    let row = await rowById(id);
    expect(row).toMatchObject({ attempts: 1, lockedUntil: null, sentAt: null, failedAt: null });
    expect(row.lastError).toMatch(/451/);
    // The retry is due 5 s after the failure, which happened between these two instants.
    expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(beforeFirst + 5_000);
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual((await databaseNow()) + 5_000);
    expect(server.logs).toContainEqual(
      expect.objectContaining({ level: 40, outboxId: id, attempts: 1, retryInMs: 5_000 }),
    );

    const beforeSecond = await databaseNow();
    await makeDue(id);
    expect(await worker.runOnce()).toBe(1);
    row = await rowById(id);
    expect(row).toMatchObject({ attempts: 2, lockedUntil: null, sentAt: null });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(beforeSecond + 10_000);
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual((await databaseNow()) + 10_000);

    await makeDue(id);
    expect(await worker.runOnce()).toBe(1);
    row = await rowById(id);
    expect(row).toMatchObject({ attempts: 3, payload: null, failedAt: null, lockedUntil: null });
    expect(row.sentAt).not.toBeNull();
    expect(await receivedBy(mail.to)).toHaveLength(1);
    expect(await worker.runOnce()).toBe(0);
  });

  it('waits for next_attempt_at before trying again', async () => {
    await worker.stop();
    const mail = await send();
    const { id } = await newestRow();
    await db
      .update(outbox)
      .set({ nextAttemptAt: sql`now() + interval '1 hour'` })
      .where(eq(outbox.id, id));

    expect(await worker.runOnce()).toBe(0);
    await makeDue(id);
    expect(await worker.runOnce()).toBe(1);
    expect(await receivedBy(mail.to)).toHaveLength(1);
  });

  it('gives up after the last attempt and logs it without the payload', async () => {
    await worker.stop();
    smtp.rejectNext(Number.MAX_SAFE_INTEGER);
    const mail = await send();
    const { id } = await newestRow();
    expect(await worker.runOnce()).toBe(1);

    await db
      .update(outbox)
      .set({ attempts: MAX_ATTEMPTS - 1, nextAttemptAt: sql`now()` })
      .where(eq(outbox.id, id));
    expect(await worker.runOnce()).toBe(1);

    const row = await rowById(id);
    expect(row).toMatchObject({ attempts: MAX_ATTEMPTS, sentAt: null, lockedUntil: null });
    expect(row.failedAt).not.toBeNull();
    expect(server.logs).toContainEqual(
      expect.objectContaining({
        level: 50,
        outboxId: id,
        attempts: MAX_ATTEMPTS,
        msg: expect.stringMatching(/giving up/),
      }),
    );
    expect(await worker.runOnce()).toBe(0);
    expect(await receivedBy(mail.to)).toEqual([]);
  });

  it('delivers exactly once the mail of a worker that crashed after claiming it, once its lease runs out', async () => {
    await worker.stop();
    const mail = await send();
    const { id } = await newestRow();

    // The "crashed" worker: claims with the real claim query, then never finishes.
    const claimed = await repository.claimDue(10, 60_000);
    expect(claimed.map((row) => row.id)).toEqual([id]);

    // While the lease holds, another worker leaves the row alone.
    const otherWorker = new OutboxWorker(
      repository,
      server.app.get(OutboxHandlers),
      server.app.get<Logger>(LOGGER),
    );
    expect(await otherWorker.runOnce()).toBe(0);
    expect(await receivedBy(mail.to)).toEqual([]);

    await db
      .update(outbox)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(outbox.id, id));
    expect(await otherWorker.runOnce()).toBe(1);

    expect(await receivedBy(mail.to)).toHaveLength(1);
    expect(await rowById(id)).toMatchObject({ attempts: 2, payload: null, lockedUntil: null });
    expect((await rowById(id)).sentAt).not.toBeNull();
    expect(await otherWorker.runOnce()).toBe(0);
    expect(await receivedBy(mail.to)).toHaveLength(1);
  });

  it('lets several workers drain one outbox at once without sending any mail twice', async () => {
    await worker.stop();
    const mails = [];
    for (let i = 0; i < 25; i++) mails.push(await send());

    const workers = Array.from(
      { length: 3 },
      () => new OutboxWorker(repository, server.app.get(OutboxHandlers), server.app.get<Logger>(LOGGER)),
    );
    const drain = async (each: OutboxWorker) => {
      while ((await each.runOnce()) > 0);
    };
    await Promise.all(workers.map(drain));

    for (const mail of mails) expect(await receivedBy(mail.to)).toHaveLength(1);
  });
});

describe('mail outbox without SMTP_URL', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('writes each mail as an .eml file under DATA_DIR/outbox', async () => {
    const mailOutbox = server.app.get(MailOutbox);
    const mail = resetMail();
    await server.app.get(Database).db.transaction((tx) => mailOutbox.enqueue(tx, mail));
    mailOutbox.wake();

    const dir = server.config.mailOutboxDir;
    const files = () => {
      try {
        return readdirSync(dir).filter((file) => file.endsWith('.eml'));
      } catch {
        return [];
      }
    };
    await expect.poll(files, eventually).toHaveLength(1);
    const parsed = await simpleParser(readFileSync(path.join(dir, files()[0]!)));
    expect(recipients(parsed.to)).toEqual([mail.to]);
    expect(parsed.subject).toBe('Сброс пароля в Беседе');
    expect(parsed.text).toContain(mail.token);
    expect(server.rawLogs()).toContain('mail written to the outbox folder');
    expect(server.rawLogs()).not.toContain(mail.token);
  });
});
