import { Injectable } from '@nestjs/common';
import { and, asc, count, eq } from 'drizzle-orm';
import { oauthIdentities, users } from '../../../db/schema/index.js';
import { Database, type Db } from '../../../infra/db/database.js';

export type IdentityRow = typeof oauthIdentities.$inferSelect;
export type NewIdentity = typeof oauthIdentities.$inferInsert;

@Injectable()
export class IdentitiesRepository {
  constructor(private readonly database: Database) {}

  async findBySubject(provider: string, subject: string, tx: Db = this.database.db) {
    const [row] = await tx
      .select()
      .from(oauthIdentities)
      .where(and(eq(oauthIdentities.provider, provider), eq(oauthIdentities.subject, subject)))
      .limit(1);
    return row;
  }

  /** Another user's identity is "not there", like a missing one. */
  async findOwn(userId: string, id: string, tx: Db = this.database.db): Promise<IdentityRow | undefined> {
    const [row] = await tx
      .select()
      .from(oauthIdentities)
      .where(and(eq(oauthIdentities.id, id), eq(oauthIdentities.userId, userId)))
      .limit(1);
    return row;
  }

  listByUser(userId: string): Promise<IdentityRow[]> {
    return this.database.db
      .select()
      .from(oauthIdentities)
      .where(eq(oauthIdentities.userId, userId))
      .orderBy(asc(oauthIdentities.createdAt), asc(oauthIdentities.id));
  }

  async countByUser(userId: string, tx: Db): Promise<number> {
    const [row] = await tx
      .select({ n: count() })
      .from(oauthIdentities)
      .where(eq(oauthIdentities.userId, userId));
    return row?.n ?? 0;
  }

  async insert(identity: NewIdentity, tx: Db): Promise<IdentityRow> {
    const [row] = await tx.insert(oauthIdentities).values(identity).returning();
    return row!;
  }

  async delete(id: string, tx: Db): Promise<void> {
    await tx.delete(oauthIdentities).where(eq(oauthIdentities.id, id));
  }

  /**
   * Holds the user's row until the transaction ends, so two requests that each remove one of the
   * last two ways to sign in cannot both see the other one still there.
   */
  async lockUser(userId: string, tx: Db): Promise<{ passwordHash: string | null } | undefined> {
    const [row] = await tx
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, userId))
      .for('update');
    return row;
  }
}
