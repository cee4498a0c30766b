import { type Me } from '@beseda/protocol';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailDigests, notifications, users } from '../src/db/schema/index.js';
import { Database } from '../src/infra/db/database.js';
import { EmailDigestWorker } from '../src/modules/notifications/email-digest.worker.js';
import { bearer, json, login, newAccountFields, type TestAccount } from './support/accounts.js';
import { chatClient, errorCode } from './support/chats.js';
import { startSmtpTestServer, type SmtpTestServer } from './support/smtp-test-server.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** Generous: these wait for the mail outbox worker, and must not fail on a slow machine. */
const eventually = { timeout: 30_000, interval: 50 };
const DELAY_MINUTES = 5;

describe('e-mail digests of missed direct messages and mentions', () => {
  let smtp: SmtpTestServer;
  let server: TestServer;
  let db: Database['db'];
  let worker: EmailDigestWorker;
  let alice: TestAccount;
  const { call, createChat, send } = chatClient(() => server);
  /** Every message the SMTP server accepted, parsed once. */
  const parsed: ParsedMail[] = [];

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    server = await startTestServer({
      env: { SMTP_URL: smtp.url, EMAIL_DIGEST_DELAY_MINUTES: String(DELAY_MINUTES) },
    });
    db = server.app.get(Database).db;
    worker = server.app.get(EmailDigestWorker);
    alice = await account();
  });

  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  async function received(): Promise<ParsedMail[]> {
    for (const raw of smtp.messages.slice(parsed.length)) parsed.push(await simpleParser(raw));
    return parsed;
  }

  async function mailsTo(address: string): Promise<ParsedMail[]> {
    return (await received()).filter((mail) =>
      [mail.to ?? []].flat().some((to) => to.value.some((entry) => entry.address === address)),
    );
  }

  /** A header field as it was written (the parser folds List-* fields into one structure). */
  const header = (mail: ParsedMail, name: string) =>
    mail.headerLines
      .find((line) => line.key === name.toLowerCase())
      ?.line.slice(name.length + 1)
      .trim();

  const isDigest = (mail: ParsedMail) => header(mail, 'List-Unsubscribe') !== undefined;

  async function digestsTo(address: string): Promise<ParsedMail[]> {
    return (await mailsTo(address)).filter(isDigest);
  }

  /** Registers and confirms through the API, with the link the real SMTP server received. */
  async function account(): Promise<TestAccount> {
    const fields = newAccountFields();
    expect((await server.request('/api/v1/auth/register', json(fields))).status).toBe(202);
    // vi.waitFor rather than expect.poll: this also runs in beforeAll.
    const [confirmation] = await vi.waitFor(async () => {
      const mails = await mailsTo(fields.email);
      if (mails.length === 0) throw new Error(`no confirmation mail to ${fields.email} yet`);
      return mails;
    }, eventually);
    const token = /confirm-email\?token=([^\s&]+)/.exec(confirmation!.text ?? '')?.[1];
    expect((await server.request('/api/v1/auth/confirm-email', json({ token }))).status).toBe(204);
    const tokens = await login(server, fields.username, fields.password);
    const me = (await (await server.request('/api/v1/me', bearer(tokens.accessToken))).json()) as Me;
    return { id: me.id, ...fields, ...tokens };
  }

  async function me(who: TestAccount): Promise<Me> {
    return (await (await call(who, 'GET', '/api/v1/me')).json()) as Me;
  }

  async function pendingDigest(who: TestAccount) {
    const [row] = await db.select().from(emailDigests).where(eq(emailDigests.userId, who.id));
    return row;
  }

  /** Brings the person's digest forward to now and runs the worker, as its next poll would. */
  async function makeDigestDue(who: TestAccount): Promise<void> {
    expect(await pendingDigest(who), 'no digest was scheduled').toBeDefined();
    await db
      .update(emailDigests)
      .set({ dueAt: sql`now()` })
      .where(eq(emailDigests.userId, who.id));
    await worker.runOnce();
    expect(await pendingDigest(who)).toBeUndefined();
  }

  /**
   * The person's notifications a digest has told of. The worker marks them in the transaction
   * that queues the mail, so once it has run this is final, sent or not yet.
   */
  async function emailedNotifications(who: TestAccount) {
    return db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.userId, who.id), isNotNull(notifications.emailedAt)));
  }

  async function unsubscribeToken(who: TestAccount): Promise<string> {
    const [digest] = await digestsTo(who.email);
    const link = /\/unsubscribe\?token=([^\s"&]+)/.exec(digest!.text ?? '')?.[1];
    expect(link).toBeDefined();
    return decodeURIComponent(link!);
  }

  /** Someone who got one digest for one direct message, with the link to unsubscribe. */
  async function digestedAccount(): Promise<{ who: TestAccount; token: string }> {
    const who = await account();
    const dm = await createChat(alice, { type: 'direct', memberIds: [who.id] });
    await send(alice, dm.id, 'ping');
    await makeDigestDue(who);
    await expect.poll(() => digestsTo(who.email), eventually).toHaveLength(1);
    return { who, token: await unsubscribeToken(who) };
  }

  it('tells signed-in clients the delay it was configured with', async () => {
    const response = await call(alice, 'GET', '/api/v1/notifications/email');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ available: true, delayMinutes: DELAY_MINUTES });
    expect((await me(alice)).emailDigest).toBe(true);
  });

  it('e-mails one digest with both direct messages to someone offline, each message only once', async () => {
    const bob = await account();
    const dm = await createChat(alice, { type: 'direct', memberIds: [bob.id] });
    const first = await send(alice, dm.id, 'Обед в час?');
    const scheduled = await pendingDigest(bob);
    expect(scheduled!.dueAt.getTime() - Date.now()).toBeGreaterThan((DELAY_MINUTES - 1) * 60_000);
    const second = await send(alice, dm.id, 'И <b>захвати</b> зонт');
    // The first message set the time; the second one does not push it back.
    expect((await pendingDigest(bob))!.dueAt).toEqual(scheduled!.dueAt);

    await makeDigestDue(bob);

    await expect.poll(() => digestsTo(bob.email), eventually).toHaveLength(1);
    const [digest] = await digestsTo(bob.email);
    expect(digest!.subject).toBe('2 непрочитанных сообщения в Беседе');
    expect(digest!.text).toContain('Обед в час?');
    expect(digest!.text).toContain(`/chats/${dm.id}?message=${first.id}`);
    expect(digest!.text).toContain(`/chats/${dm.id}?message=${second.id}`);
    expect(digest!.html).toContain('И &lt;b&gt;захвати&lt;/b&gt; зонт');
    expect(digest!.html).not.toContain('<b>захвати');
    expect(header(digest!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header(digest!, 'List-Unsubscribe')).toContain(
      '/api/v1/notifications/email/unsubscribe/one-click?token=',
    );

    // Nothing more to tell until something new comes, and then only the new message.
    expect(await worker.runOnce()).toBe(0);
    const third = await send(alice, dm.id, 'Жду внизу');
    await makeDigestDue(bob);
    await expect.poll(() => digestsTo(bob.email), eventually).toHaveLength(2);
    const latest = (await digestsTo(bob.email))[1]!;
    expect(latest.subject).toBe('1 непрочитанное сообщение в Беседе');
    expect(latest.text).toContain(`?message=${third.id}`);
    expect(latest.text).not.toContain(`?message=${first.id}`);
  });

  it('makes each due digest once when workers run side by side', async () => {
    const people = [await account(), await account(), await account()];
    for (const person of people) {
      const dm = await createChat(alice, { type: 'direct', memberIds: [person.id] });
      await send(alice, dm.id, `hello ${person.username}`);
    }
    await db
      .update(emailDigests)
      .set({ dueAt: sql`now()` })
      .where(
        inArray(
          emailDigests.userId,
          people.map((person) => person.id),
        ),
      );

    // On PostgreSQL each run has a connection of its own and SKIP LOCKED keeps them apart.
    await Promise.all([worker.runOnce(), worker.runOnce(), worker.runOnce()]);

    for (const person of people) {
      expect(await emailedNotifications(person)).toHaveLength(1);
      await expect.poll(() => digestsTo(person.email), eventually).toHaveLength(1);
    }
    // Whatever else was still running has finished: still one each.
    expect(await worker.runOnce()).toBe(0);
    for (const person of people) expect(await digestsTo(person.email)).toHaveLength(1);
  });

  it('keeps a digest that failed to be made, and its messages, for a later try', async () => {
    const henry = await account();
    const dm = await createChat(alice, { type: 'direct', memberIds: [henry.id] });
    const message = await send(alice, dm.id, 'still there later');
    // An address the outbox refuses makes the digest's transaction fail, as a crash would.
    await db.update(users).set({ email: 'not an address' }).where(eq(users.id, henry.id));
    await db
      .update(emailDigests)
      .set({ dueAt: sql`now()` })
      .where(eq(emailDigests.userId, henry.id));

    await worker.runOnce();

    const retry = await pendingDigest(henry);
    expect(retry!.dueAt.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(server.logs).toContainEqual(
      expect.objectContaining({ userId: henry.id, msg: 'email digest failed, will retry' }),
    );
    await db.update(users).set({ email: henry.email }).where(eq(users.id, henry.id));
    await makeDigestDue(henry);
    await expect.poll(() => digestsTo(henry.email), eventually).toHaveLength(1);
    expect((await digestsTo(henry.email))[0]!.text).toContain(`?message=${message.id}`);
  });

  it('sends nothing when the chat was read before the digest was due', async () => {
    const carol = await account();
    const dm = await createChat(alice, { type: 'direct', memberIds: [carol.id] });
    const message = await send(alice, dm.id, 'read me');
    expect((await call(carol, 'POST', `/api/v1/chats/${dm.id}/read`, { seq: message.seq })).status).toBe(200);

    await makeDigestDue(carol);

    expect(await emailedNotifications(carol)).toEqual([]);
  });

  it('sends nothing to someone who turned digests off, even with one already scheduled', async () => {
    const dave = await account();
    const dm = await createChat(alice, { type: 'direct', memberIds: [dave.id] });
    await send(alice, dm.id, 'before');
    const turnedOff = await call(dave, 'PATCH', '/api/v1/me', { emailDigest: false });
    expect(turnedOff.status).toBe(200);
    expect(((await turnedOff.json()) as Me).emailDigest).toBe(false);

    await makeDigestDue(dave);
    await send(alice, dm.id, 'after');

    expect(await pendingDigest(dave)).toBeUndefined();
    expect(await emailedNotifications(dave)).toEqual([]);
  });

  it('schedules nothing for someone in do-not-disturb: it silences e-mail as it silences pushes', async () => {
    const erin = await account();
    expect((await call(erin, 'PUT', '/api/v1/me/status', { presence: 'dnd' })).status).toBe(200);
    const dm = await createChat(alice, { type: 'direct', memberIds: [erin.id] });
    await send(alice, dm.id, 'are you there?');

    expect(await pendingDigest(erin)).toBeUndefined();
  });

  it('e-mails a mention in a channel in the reader’s language, under the channel’s name', async () => {
    const frank = await account();
    expect((await call(frank, 'PATCH', '/api/v1/me', { language: 'en' })).status).toBe(200);
    const channel = await createChat(alice, { type: 'channel', name: 'launch', memberIds: [frank.id] });
    await send(alice, channel.id, 'nobody is mentioned here');
    const mention = await send(alice, channel.id, `@${frank.username} can you check the build?`);

    await makeDigestDue(frank);

    await expect.poll(() => digestsTo(frank.email), eventually).toHaveLength(1);
    const [digest] = await digestsTo(frank.email);
    expect(digest!.subject).toBe('1 unread message in Beseda');
    expect(digest!.text).toContain('launch');
    expect(digest!.text).toContain(`/chats/${channel.id}?message=${mention.id}`);
    expect(digest!.text).not.toContain('nobody is mentioned here');
    expect(digest!.text).toContain('/settings/notifications');
  });

  it('turns digests off with the unsubscribe link of the e-mail', async () => {
    const { who, token } = await digestedAccount();

    const response = await server.request('/api/v1/notifications/email/unsubscribe', json({ token }));

    expect(response.status).toBe(204);
    expect((await me(who)).emailDigest).toBe(false);
  });

  it('turns digests off with a mail client’s one-click POST to the List-Unsubscribe address', async () => {
    const { who } = await digestedAccount();
    const [digest] = await digestsTo(who.email);
    const address = /^<(.+)>$/.exec(header(digest!, 'List-Unsubscribe')!)![1]!;
    const url = new URL(address);

    const response = await server.request(url.pathname + url.search, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });

    expect(response.status).toBe(204);
    expect((await me(who)).emailDigest).toBe(false);
  });

  it('refuses a forged token, and one person’s token for another person', async () => {
    const { who: grace, token } = await digestedAccount();
    const [, signature] = token.split('.');
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;

    const tampered = await server.request('/api/v1/notifications/email/unsubscribe', json({ token: forged }));
    const othersSignature = await server.request(
      '/api/v1/notifications/email/unsubscribe',
      json({ token: `${alice.id}.${signature}` }),
    );
    const garbage = await server.request(
      '/api/v1/notifications/email/unsubscribe',
      json({ token: 'not-a-token' }),
    );

    for (const response of [tampered, othersSignature, garbage]) {
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe('notifications.invalid_unsubscribe_token');
    }
    expect((await me(grace)).emailDigest).toBe(true);
    expect((await me(alice)).emailDigest).toBe(true);
  });
});
