import { Injectable } from '@nestjs/common';
import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { outbox } from '../../db/schema/index.js';
import { Database, type Db } from '../../infra/db/database.js';

export type OutboxRow = typeof outbox.$inferSelect;

const nowPlus = (ms: number) => sql`now() + make_interval(secs => ${ms / 1000})`;

@Injectable()
export class OutboxRepository {
  constructor(private readonly database: Database) {}

  /** Writes through the caller's transaction handle, so the row commits or rolls back with its change. */
  async insert(tx: Db, kind: string, payload: Record<string, unknown>): Promise<void> {
    await tx.insert(outbox).values({ id: uuidv7(), kind, payload });
  }

  /**
   * Leases up to `limit` due rows to the caller in one statement and counts the attempt. SKIP
   * LOCKED lets nodes claiming at the same moment take disjoint rows instead of queueing behind
   * each other; afterwards `locked_until` keeps every other worker away until the lease runs out,
   * which is also how the rows of a worker that died mid-batch come back.
   */
  async claimDue(limit: number, leaseMs: number): Promise<OutboxRow[]> {
    const { db } = this.database;
    const due = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          isNull(outbox.sentAt),
          isNull(outbox.failedAt),
          lte(outbox.nextAttemptAt, sql`now()`),
          or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, sql`now()`)),
        ),
      )
      .orderBy(outbox.nextAttemptAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    return db
      .update(outbox)
      .set({ lockedUntil: nowPlus(leaseMs), attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, due))
      .returning();
  }

  /** The payload goes with the send: it may hold one-time links that must not outlive their use. */
  async markSent(id: string): Promise<void> {
    await this.database.db
      .update(outbox)
      .set({ sentAt: sql`now()`, payload: null, lockedUntil: null })
      .where(eq(outbox.id, id));
  }

  async scheduleRetry(id: string, delayMs: number, error: string): Promise<void> {
    await this.database.db
      .update(outbox)
      .set({ nextAttemptAt: nowPlus(delayMs), lastError: error, lockedUntil: null })
      .where(eq(outbox.id, id));
  }

  /** Gives up on a row. Its payload stays, so an operator can see what was not delivered. */
  async markFailed(id: string, error: string): Promise<void> {
    await this.database.db
      .update(outbox)
      .set({ failedAt: sql`now()`, lastError: error, lockedUntil: null })
      .where(eq(outbox.id, id));
  }
}
