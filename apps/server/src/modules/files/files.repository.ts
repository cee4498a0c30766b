import { Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { chatMembers, chats, files, messages } from '../../db/schema/index.js';
import { Database, type Db } from '../../infra/db/database.js';

export type FileRow = typeof files.$inferSelect;
export type NewFileRow = typeof files.$inferInsert;

@Injectable()
export class FilesRepository {
  constructor(private readonly database: Database) {}

  async insert(row: NewFileRow): Promise<FileRow> {
    const [inserted] = await this.database.db.insert(files).values(row).returning();
    return inserted!;
  }

  /** Bytes the user's files take, deleted ones left out. */
  async usedBytes(ownerId: string): Promise<number> {
    const [row] = await this.database.db
      .select({ total: sql<string>`coalesce(sum(${files.size}), 0)` })
      .from(files)
      .where(and(eq(files.ownerId, ownerId), isNull(files.deletedAt)));
    return Number(row?.total ?? 0);
  }

  /**
   * A file that can still be read, with the message it is attached to (if any). A file whose
   * message is deleted or gone cannot be read, whatever its own row says.
   */
  async findReadable(id: string): Promise<{ file: FileRow; chatId: string | null } | undefined> {
    const [row] = await this.database.db
      .select({ file: files, chatId: messages.chatId, messageDeletedAt: messages.deletedAt })
      .from(files)
      .leftJoin(messages, eq(messages.id, files.messageId))
      .where(and(eq(files.id, id), isNull(files.deletedAt)))
      .limit(1);
    if (!row) return undefined;
    if (row.file.messageId && (!row.chatId || row.messageDeletedAt)) return undefined;
    return { file: row.file, chatId: row.chatId };
  }

  /** The chat and the user's membership in it, for the chats policy. */
  async chatAccess(chatId: string, userId: string) {
    const [row] = await this.database.db
      .select({ chat: chats, membership: chatMembers })
      .from(chats)
      .leftJoin(chatMembers, and(eq(chatMembers.chatId, chats.id), eq(chatMembers.userId, userId)))
      .where(eq(chats.id, chatId))
      .limit(1);
    return row;
  }

  /**
   * Attaches the owner's unattached files to a message, in the order given. Returns how many it
   * took: fewer than asked means one was someone else's, already attached, or gone.
   */
  async attach(ids: string[], messageId: string, ownerId: string, tx: Db): Promise<number> {
    if (ids.length === 0) return 0;
    const positions = sql.join(
      ids.map((id, index) => sql`when ${id}::uuid then ${index}`),
      sql` `,
    );
    const rows = await tx
      .update(files)
      .set({ messageId, position: sql`(case ${files.id} ${positions} end)::smallint` })
      .where(
        and(
          inArray(files.id, ids),
          eq(files.ownerId, ownerId),
          isNull(files.messageId),
          isNull(files.deletedAt),
        ),
      )
      .returning({ id: files.id });
    return rows.length;
  }

  /** The readable files of the given messages, in attachment order. */
  async ofMessages(messageIds: string[]): Promise<FileRow[]> {
    if (messageIds.length === 0) return [];
    return this.database.db
      .select()
      .from(files)
      .where(and(inArray(files.messageId, messageIds), isNull(files.deletedAt)))
      .orderBy(asc(files.messageId), asc(files.position));
  }

  /** A deleted message's files stop being readable at once; the clean-up job removes their bytes. */
  async deleteOfMessage(messageId: string, tx: Db): Promise<void> {
    await tx
      .update(files)
      .set({ deletedAt: new Date() })
      .where(and(eq(files.messageId, messageId), isNull(files.deletedAt)));
  }

  /**
   * Marks for deletion the uploads never attached since `cutoff`, and files whose message no
   * longer exists (its chat was deleted). Returns how many it marked.
   */
  async markAbandoned(cutoff: Date): Promise<number> {
    const { db } = this.database;
    const now = new Date();
    const orphans = await db
      .update(files)
      .set({ deletedAt: now })
      .where(and(isNull(files.messageId), isNull(files.deletedAt), lt(files.createdAt, cutoff)))
      .returning({ id: files.id });
    const messageless = await db
      .update(files)
      .set({ deletedAt: now })
      .where(
        and(
          isNotNull(files.messageId),
          isNull(files.deletedAt),
          sql`not exists (select 1 from ${messages} where ${messages.id} = ${files.messageId})`,
        ),
      )
      .returning({ id: files.id });
    return orphans.length + messageless.length;
  }

  /** Files marked deleted whose stored bytes are still to be removed. */
  async deleted(limit: number): Promise<FileRow[]> {
    return this.database.db
      .select()
      .from(files)
      .where(isNotNull(files.deletedAt))
      .orderBy(asc(files.deletedAt))
      .limit(limit);
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.database.db.delete(files).where(inArray(files.id, ids));
  }
}
