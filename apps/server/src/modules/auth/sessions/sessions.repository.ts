import { Injectable } from '@nestjs/common';
import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm';
import { refreshTokens, sessions } from '../../../db/schema/index.js';
import { Database, type Db } from '../../../infra/db/database.js';

export type SessionRow = typeof sessions.$inferSelect;

@Injectable()
export class SessionsRepository {
  constructor(private readonly database: Database) {}

  async insert(session: typeof sessions.$inferInsert, tx: Db): Promise<SessionRow> {
    const [row] = await tx.insert(sessions).values(session).returning();
    return row!;
  }

  async addRefreshToken(sessionId: string, tokenHash: string, tx: Db): Promise<void> {
    await tx.insert(refreshTokens).values({ sessionId, tokenHash });
  }

  /**
   * Marks a refresh token used and returns its session id, or nothing when it was already used
   * or never existed. One UPDATE does both the check and the mark, so of two concurrent
   * refreshes with the same token exactly one gets the row.
   */
  async claimRefreshToken(tokenHash: string, tx: Db): Promise<string | undefined> {
    const [row] = await tx
      .update(refreshTokens)
      .set({ rotatedAt: new Date() })
      .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.rotatedAt)))
      .returning({ sessionId: refreshTokens.sessionId });
    return row?.sessionId;
  }

  /** The session a refresh token belongs to, whether or not it was already rotated. */
  async sessionOfToken(tokenHash: string, tx: Db): Promise<string | undefined> {
    const [row] = await tx
      .select({ sessionId: refreshTokens.sessionId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, tokenHash))
      .limit(1);
    return row?.sessionId;
  }

  async findById(id: string, tx: Db = this.database.db): Promise<SessionRow | undefined> {
    const [row] = await tx.select().from(sessions).where(eq(sessions.id, id)).limit(1);
    return row;
  }

  async touch(id: string, tx: Db): Promise<void> {
    await tx.update(sessions).set({ lastUsedAt: new Date() }).where(eq(sessions.id, id));
  }

  /** Live sessions of a user, most recently used first. */
  listActive(userId: string): Promise<SessionRow[]> {
    return this.database.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
      .orderBy(desc(sessions.lastUsedAt));
  }

  /** Revokes the given session, or every live one of the user except `exceptId`; returns the ids revoked. */
  async revoke(
    where: { sessionId: string } | { userId: string; exceptId?: string },
    reason: string,
    tx: Db = this.database.db,
  ): Promise<string[]> {
    const condition =
      'sessionId' in where
        ? eq(sessions.id, where.sessionId)
        : and(
            eq(sessions.userId, where.userId),
            where.exceptId ? ne(sessions.id, where.exceptId) : undefined,
          );
    const rows = await tx
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where(and(condition, isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    return rows.map((row) => row.id);
  }
}
