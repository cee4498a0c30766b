import { Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { chatMembers, messages, notifications, users } from '../../db/schema/index.js';
import { Database, type Db } from '../../infra/db/database.js';
import { type Recipient } from './notification-rules.js';

export type NotificationRow = typeof notifications.$inferSelect;

export type RecipientRow = Omit<Recipient, 'active'> & {
  presence: (typeof users.$inferSelect)['presence'];
};
export type NewNotificationRow = typeof notifications.$inferInsert;

/** A notification with the text of the message it is about (empty once deleted). */
export interface NotificationView {
  row: NotificationRow;
  text: string | null;
  threadRootId: string | null;
}

@Injectable()
export class NotificationsRepository {
  constructor(private readonly database: Database) {}

  /**
   * The chat settings and chosen presence of the given members (non-members are left out);
   * whether they are active needs the live connections, which the service adds.
   */
  async recipients(chatId: string, userIds: string[], tx: Db): Promise<RecipientRow[]> {
    if (userIds.length === 0) return [];
    const rows = await tx
      .select({
        userId: chatMembers.userId,
        level: chatMembers.notificationLevel,
        muted: chatMembers.muted,
        presence: users.presence,
      })
      .from(chatMembers)
      .innerJoin(users, eq(users.id, chatMembers.userId))
      .where(and(eq(chatMembers.chatId, chatId), inArray(chatMembers.userId, userIds)));
    return rows.map((row) => ({ ...row, dnd: row.presence === 'dnd' }));
  }

  async insert(rows: NewNotificationRow[], tx: Db): Promise<NotificationRow[]> {
    if (rows.length === 0) return [];
    return tx.insert(notifications).values(rows).returning();
  }

  async deleteForMessage(messageId: string, tx: Db): Promise<void> {
    await tx.delete(notifications).where(eq(notifications.messageId, messageId));
  }

  /** Newest first, after the cursor's (time, id) when given. */
  async list(
    userId: string,
    limit: number,
    options: { before?: { createdAt: Date; id: string }; unreadOnly?: boolean },
  ): Promise<NotificationView[]> {
    const { before, unreadOnly } = options;
    const rows = await this.database.db
      .select({
        row: notifications,
        text: messages.text,
        deletedAt: messages.deletedAt,
        threadRootId: messages.threadRootId,
      })
      .from(notifications)
      .leftJoin(messages, eq(messages.id, notifications.messageId))
      .where(
        and(
          eq(notifications.userId, userId),
          unreadOnly ? isNull(notifications.readAt) : undefined,
          before
            ? sql`(${notifications.createdAt}, ${notifications.id}) < (${before.createdAt}, ${before.id})`
            : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit);
    return rows.map(({ row, text, deletedAt, threadRootId }) => ({
      row,
      text: deletedAt ? '' : text,
      threadRootId,
    }));
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    return row?.n ?? 0;
  }

  /** Marks the given ones (or all, for null) read; returns the ids that changed. */
  async markRead(userId: string, ids: string[] | null): Promise<string[]> {
    const rows = await this.database.db
      .update(notifications)
      .set({ readAt: new Date() })
      .where(
        and(
          eq(notifications.userId, userId),
          isNull(notifications.readAt),
          ids ? inArray(notifications.id, ids) : undefined,
        ),
      )
      .returning({ id: notifications.id });
    return rows.map((row) => row.id);
  }
}
