import { Injectable } from '@nestjs/common';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { activityEvents } from '../../db/schema/index.js';
import { Database, type Db } from '../../infra/db/database.js';

export type ActivityEventRow = typeof activityEvents.$inferSelect;

export interface ActivityEventInput {
  userId: string | null;
  type: string;
  success: boolean;
  ip: string | null;
  userAgent: string | null;
  details?: Record<string, unknown>;
}

@Injectable()
export class ActivityRepository {
  constructor(private readonly database: Database) {}

  /** Records in the caller's transaction when given one, so the event and the change commit together. */
  async record(event: ActivityEventInput, tx: Db = this.database.db): Promise<void> {
    await tx.insert(activityEvents).values({ id: uuidv7(), details: {}, ...event });
  }

  /** Newest first; the cursor is the last row's (createdAt, id) from the previous page. */
  async list(
    userId: string,
    limit: number,
    cursor?: { createdAt: Date; id: string },
  ): Promise<ActivityEventRow[]> {
    const after = cursor
      ? or(
          lt(activityEvents.createdAt, cursor.createdAt),
          and(eq(activityEvents.createdAt, cursor.createdAt), lt(activityEvents.id, cursor.id)),
        )
      : undefined;
    return this.database.db
      .select()
      .from(activityEvents)
      .where(and(eq(activityEvents.userId, userId), after))
      .orderBy(desc(activityEvents.createdAt), desc(activityEvents.id))
      .limit(limit);
  }
}
