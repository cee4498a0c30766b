import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { chatMembers, chats, emailDigests, messages, notifications, users } from '../../db/schema/index.js';
import { Database, type Db } from '../../infra/db/database.js';

/** The notifications a digest tells of: someone wrote to you, or named you. */
export const DIGEST_KINDS = ['direct', 'mention'] as const;

/** Whom a digest goes to, as they are when it is made. */
export interface DigestRecipient {
  email: string;
  displayName: string;
  language: 'ru' | 'en';
}

/** One unread notification a digest lists, with what the e-mail shows of it. */
export interface DigestEntry {
  notificationId: string;
  chatId: string;
  chatKind: (typeof chats.$inferSelect)['kind'];
  chatName: string | null;
  messageId: string;
  threadRootId: string | null;
  text: string;
  /** Null when the author's account is gone. */
  authorName: string | null;
}

const author = alias(users, 'author');

@Injectable()
export class EmailDigestRepository {
  constructor(private readonly database: Database) {}

  /**
   * Makes a digest due after `delayMs` for those of these people who want digests and have an
   * address to send them to. One already due keeps its (earlier) time, so a busy conversation
   * makes one digest, not one per message.
   */
  async schedule(userIds: string[], delayMs: number, tx: Db): Promise<void> {
    if (userIds.length === 0) return;
    await tx
      .insert(emailDigests)
      .select(
        tx
          .select({
            userId: users.id,
            dueAt: sql<Date>`now() + make_interval(secs => ${delayMs / 1000})`.as('due_at'),
          })
          .from(users)
          .where(
            and(
              inArray(users.id, userIds),
              eq(users.emailDigest, true),
              isNotNull(users.emailConfirmedAt),
              isNull(users.blockedAt),
            ),
          ),
      )
      .onConflictDoUpdate({
        target: emailDigests.userId,
        set: { dueAt: sql`least(${emailDigests.dueAt}, excluded.due_at)` },
      });
  }

  /**
   * Takes one due digest off the table, locked, so no other node takes the same one; the caller's
   * transaction decides: committed, it is done; rolled back, it is due again.
   */
  async claimDue(tx: Db): Promise<string | undefined> {
    const due = tx
      .select({ userId: emailDigests.userId })
      .from(emailDigests)
      .where(lte(emailDigests.dueAt, sql`now()`))
      .orderBy(emailDigests.dueAt)
      .limit(1)
      .for('update', { skipLocked: true });
    const [row] = await tx
      .delete(emailDigests)
      .where(inArray(emailDigests.userId, due))
      .returning({ userId: emailDigests.userId });
    return row?.userId;
  }

  /** Tries a digest that could not be made again later, rather than at every poll. */
  async postpone(userId: string, delayMs: number): Promise<void> {
    await this.database.db
      .insert(emailDigests)
      .values({ userId, dueAt: sql`now() + make_interval(secs => ${delayMs / 1000})` })
      .onConflictDoUpdate({ target: emailDigests.userId, set: { dueAt: sql`excluded.due_at` } });
  }

  /** The person, if they still want digests and can receive them. */
  async recipient(userId: string, tx: Db): Promise<DigestRecipient | undefined> {
    const [row] = await tx
      .select({ email: users.email, displayName: users.displayName, language: users.language })
      .from(users)
      .where(
        and(
          eq(users.id, userId),
          eq(users.emailDigest, true),
          isNotNull(users.emailConfirmedAt),
          isNull(users.blockedAt),
        ),
      );
    return row;
  }

  /**
   * Direct messages and mentions not yet e-mailed that the person has neither marked read in the
   * notification list nor scrolled past in the chat (its read marker is below the message), in a
   * chat they still belong to, about a message that still exists. Oldest first. Locked, so a
   * second digest made at the same moment cannot e-mail them again.
   */
  async unread(userId: string, tx: Db): Promise<DigestEntry[]> {
    return tx
      .select({
        notificationId: notifications.id,
        chatId: notifications.chatId,
        chatKind: chats.kind,
        chatName: chats.name,
        messageId: messages.id,
        threadRootId: messages.threadRootId,
        text: messages.text,
        authorName: author.displayName,
      })
      .from(notifications)
      .innerJoin(messages, eq(messages.id, notifications.messageId))
      .innerJoin(chats, eq(chats.id, notifications.chatId))
      .innerJoin(
        chatMembers,
        and(eq(chatMembers.chatId, notifications.chatId), eq(chatMembers.userId, notifications.userId)),
      )
      .leftJoin(author, eq(author.id, messages.authorId))
      .where(
        and(
          eq(notifications.userId, userId),
          inArray(notifications.kind, [...DIGEST_KINDS]),
          isNull(notifications.readAt),
          isNull(notifications.emailedAt),
          isNull(messages.deletedAt),
          gt(messages.seq, chatMembers.lastReadSeq),
        ),
      )
      .orderBy(asc(notifications.createdAt), asc(notifications.id))
      .for('update', { of: notifications });
  }

  async markEmailed(notificationIds: string[], tx: Db): Promise<void> {
    if (notificationIds.length === 0) return;
    await tx
      .update(notifications)
      .set({ emailedAt: sql`now()` })
      .where(inArray(notifications.id, notificationIds));
  }

  /** Turns digests off for the person and drops the one pending. */
  async optOut(userId: string): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await tx.update(users).set({ emailDigest: false, updatedAt: new Date() }).where(eq(users.id, userId));
      await tx.delete(emailDigests).where(eq(emailDigests.userId, userId));
    });
  }
}
