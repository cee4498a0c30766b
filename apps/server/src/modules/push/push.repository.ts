import { Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, isNull, lt, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { chats, pushDeliveries, pushSubscriptions, users } from '../../db/schema/index.js';
import { Database, type Db } from '../../infra/db/database.js';

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;
export type PushDeliveryRow = typeof pushDeliveries.$inferSelect;

/** A device to notify, with the language its owner reads. */
export interface PushTarget {
  subscriptionId: string;
  userId: string;
  language: 'ru' | 'en';
}

const nowPlus = (ms: number) => sql`now() + make_interval(secs => ${ms / 1000})`;

@Injectable()
export class PushRepository {
  constructor(private readonly database: Database) {}

  /**
   * One row per endpoint, so a browser never gets the same push twice. Registering it again
   * renews its keys; when another account registers it (someone else signed in on that browser),
   * the old row goes with whatever was still queued for its former owner. Past `maxPerUser` the
   * owner's oldest devices are dropped, so one account cannot make every message fan out to
   * thousands of endpoints.
   */
  async upsertSubscription(
    row: Omit<PushSubscriptionRow, 'id' | 'createdAt'>,
    maxPerUser: number,
  ): Promise<string> {
    return this.database.db.transaction(async (tx) => {
      await tx
        .delete(pushSubscriptions)
        .where(and(eq(pushSubscriptions.endpoint, row.endpoint), ne(pushSubscriptions.userId, row.userId)));
      const [saved] = await tx
        .insert(pushSubscriptions)
        .values({ ...row, id: uuidv7() })
        .onConflictDoUpdate({
          target: pushSubscriptions.endpoint,
          // userId too: a concurrent registration by another account can slip past the delete.
          set: { userId: row.userId, p256dh: row.p256dh, auth: row.auth, userAgent: row.userAgent },
        })
        .returning({ id: pushSubscriptions.id });
      const newest = tx
        .select({ id: pushSubscriptions.id })
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.userId, row.userId))
        .orderBy(desc(pushSubscriptions.createdAt), desc(pushSubscriptions.id))
        .limit(maxPerUser);
      await tx
        .delete(pushSubscriptions)
        .where(and(eq(pushSubscriptions.userId, row.userId), notInArray(pushSubscriptions.id, newest)));
      return saved!.id;
    });
  }

  async subscriptionsOf(userId: string): Promise<PushSubscriptionRow[]> {
    return this.database.db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, userId))
      .orderBy(pushSubscriptions.createdAt);
  }

  /** Deletes a subscription (and what is queued for it); the owner check is part of the statement. */
  async deleteSubscription(id: string, userId?: string): Promise<boolean> {
    const rows = await this.database.db
      .delete(pushSubscriptions)
      .where(and(eq(pushSubscriptions.id, id), userId ? eq(pushSubscriptions.userId, userId) : undefined))
      .returning({ id: pushSubscriptions.id });
    return rows.length > 0;
  }

  async subscriptionsByIds(ids: string[]): Promise<PushSubscriptionRow[]> {
    if (ids.length === 0) return [];
    return this.database.db.select().from(pushSubscriptions).where(inArray(pushSubscriptions.id, ids));
  }

  /** Every device of these people, with their language. */
  async targets(userIds: string[], tx: Db): Promise<PushTarget[]> {
    if (userIds.length === 0) return [];
    return tx
      .select({ subscriptionId: pushSubscriptions.id, userId: users.id, language: users.language })
      .from(pushSubscriptions)
      .innerJoin(users, eq(users.id, pushSubscriptions.userId))
      .where(inArray(pushSubscriptions.userId, userIds));
  }

  async authorAndChat(authorId: string, chatId: string, tx: Db) {
    const [author] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, authorId));
    const [chat] = await tx
      .select({ name: chats.name, kind: chats.kind })
      .from(chats)
      .where(eq(chats.id, chatId));
    return {
      authorName: author?.name ?? '',
      chatName: chat?.kind === 'direct' ? null : (chat?.name ?? null),
    };
  }

  async insertDeliveries(
    rows: Array<{ subscriptionId: string; messageId: string; payload: Record<string, unknown> }>,
    tx: Db,
  ): Promise<void> {
    if (rows.length === 0) return;
    await tx
      .insert(pushDeliveries)
      .values(rows.map((row) => ({ ...row, id: uuidv7() })))
      .onConflictDoNothing();
  }

  /** A deleted message is not announced any more. */
  async deleteDeliveriesOf(messageId: string, tx: Db): Promise<void> {
    await tx.delete(pushDeliveries).where(eq(pushDeliveries.messageId, messageId));
  }

  /** Leases due rows (see OutboxRepository.claimDue: the same SKIP LOCKED claim and lease). */
  async claimDue(limit: number, leaseMs: number): Promise<PushDeliveryRow[]> {
    const { db } = this.database;
    const due = db
      .select({ id: pushDeliveries.id })
      .from(pushDeliveries)
      .where(
        and(
          isNull(pushDeliveries.failedAt),
          lte(pushDeliveries.nextAttemptAt, sql`now()`),
          or(isNull(pushDeliveries.lockedUntil), lt(pushDeliveries.lockedUntil, sql`now()`)),
        ),
      )
      .orderBy(pushDeliveries.nextAttemptAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    return db
      .update(pushDeliveries)
      .set({ lockedUntil: nowPlus(leaseMs), attempts: sql`${pushDeliveries.attempts} + 1` })
      .where(inArray(pushDeliveries.id, due))
      .returning();
  }

  /** Delivered: the row goes, so the table only holds what is still to do or failed for good. */
  async markSent(id: string): Promise<void> {
    await this.database.db.delete(pushDeliveries).where(eq(pushDeliveries.id, id));
  }

  async scheduleRetry(id: string, delayMs: number, error: string): Promise<void> {
    await this.database.db
      .update(pushDeliveries)
      .set({ nextAttemptAt: nowPlus(delayMs), lastError: error, lockedUntil: null })
      .where(eq(pushDeliveries.id, id));
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.database.db
      .update(pushDeliveries)
      .set({ failedAt: sql`now()`, lastError: error, lockedUntil: null })
      .where(eq(pushDeliveries.id, id));
  }
}
