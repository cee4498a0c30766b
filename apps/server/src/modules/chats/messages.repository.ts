import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, getTableColumns, gt, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import {
  chatMembers,
  chats,
  mentions,
  messageEdits,
  messages,
  pins,
  reactions,
  threadFollowers,
} from '../../db/schema/index.js';
import { Database, type Db } from '../../infra/db/database.js';

export type MessageRow = typeof messages.$inferSelect;
export type NewMessageRow = typeof messages.$inferInsert;
export type ReactionRow = typeof reactions.$inferSelect;

@Injectable()
export class MessagesRepository {
  constructor(private readonly database: Database) {}

  async findById(id: string, tx: Db = this.database.db): Promise<MessageRow | undefined> {
    const [row] = await tx.select().from(messages).where(eq(messages.id, id)).limit(1);
    return row;
  }

  async findByIds(ids: string[]): Promise<MessageRow[]> {
    if (ids.length === 0) return [];
    return this.database.db.select().from(messages).where(inArray(messages.id, ids));
  }

  async findByClientId(authorId: string, clientId: string, tx: Db = this.database.db) {
    const [row] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.authorId, authorId), eq(messages.clientId, clientId)))
      .limit(1);
    return row;
  }

  /**
   * Takes the chat's next sequence number. The UPDATE locks the chat row until the transaction
   * ends, so concurrent senders are numbered one after another, without gaps.
   */
  async nextSeq(chatId: string, tx: Db): Promise<number> {
    const [row] = await tx
      .update(chats)
      .set({ lastSeq: sql`${chats.lastSeq} + 1`, lastMessageAt: sql`now()` })
      .where(eq(chats.id, chatId))
      .returning({ lastSeq: chats.lastSeq });
    if (!row) throw new Error(`Chat ${chatId} vanished while sending`);
    return row.lastSeq;
  }

  /**
   * Takes the chat's next seq, stores the message and moves the author's read marker to it, in
   * one statement: the chat row is locked only for that statement, not across the round trips of
   * a transaction, so senders in a busy chat do not queue behind each other's commits. Fails as a
   * whole (taking no seq) when the insert fails, e.g. on a clientId already used.
   */
  async insertNext(message: Omit<NewMessageRow, 'seq'>): Promise<MessageRow> {
    const { db } = this.database;
    const result = await db.execute(sql`
      with next as (
        update ${chats} set last_seq = last_seq + 1, last_message_at = now()
        where id = ${message.chatId}::uuid
        returning last_seq
      ), inserted as (
        insert into ${messages} (id, chat_id, seq, author_id, client_id, text, reply_to_id,
          thread_root_id, quote_id, forwarded_author_id, forwarded_at)
        select ${message.id}::uuid, ${message.chatId}::uuid, next.last_seq, ${message.authorId ?? null}::uuid,
          ${message.clientId}, ${message.text}, ${message.replyToId ?? null}::uuid,
          ${message.threadRootId ?? null}::uuid, ${message.quoteId ?? null}::uuid,
          ${message.forwardedAuthorId ?? null}::uuid, ${message.forwardedAt?.toISOString() ?? null}::timestamptz
        from next
        returning *
      ), read as (
        update ${chatMembers} set last_read_seq = greatest(last_read_seq, (select seq from inserted))
        where chat_id = ${message.chatId}::uuid and user_id = ${message.authorId ?? null}::uuid
      )
      select * from inserted`);
    const raw = (result as unknown as { rows: Array<Record<string, unknown>> }).rows[0];
    if (!raw) throw new Error(`Chat ${message.chatId} vanished while sending`);
    return fromDriverRow(raw);
  }

  async insert(message: NewMessageRow, tx: Db): Promise<MessageRow> {
    const [row] = await tx.insert(messages).values(message).returning();
    return row!;
  }

  async replaceText(id: string, previous: string, text: string, editId: string, tx: Db): Promise<MessageRow> {
    await tx.insert(messageEdits).values({ id: editId, messageId: id, text: previous });
    const [row] = await tx
      .update(messages)
      .set({ text, editedAt: new Date() })
      .where(eq(messages.id, id))
      .returning();
    return row!;
  }

  /** Soft delete: the tombstone keeps its place in the sequence; text, edit history and pin are gone. */
  async tombstone(id: string, tx: Db): Promise<MessageRow> {
    await tx.delete(messageEdits).where(eq(messageEdits.messageId, id));
    await tx.delete(pins).where(eq(pins.messageId, id));
    const [row] = await tx
      .update(messages)
      .set({ text: '', deletedAt: new Date() })
      .where(eq(messages.id, id))
      .returning();
    return row!;
  }

  /**
   * One page of history, returned oldest first: the main timeline (thread replies left out), or
   * the replies of one thread when `threadRootId` is given.
   */
  async page(
    chatId: string,
    cursor: { before?: number; after?: number; from?: number },
    limit: number,
    threadRootId: string | null = null,
  ) {
    const { db } = this.database;
    const inTimeline = threadRootId ? eq(messages.threadRootId, threadRootId) : isNull(messages.threadRootId);
    if (cursor.after !== undefined || cursor.from !== undefined) {
      const bound =
        cursor.from !== undefined ? gte(messages.seq, cursor.from) : gt(messages.seq, cursor.after ?? 0);
      return db
        .select()
        .from(messages)
        .where(and(eq(messages.chatId, chatId), inTimeline, bound))
        .orderBy(asc(messages.seq))
        .limit(limit);
    }
    const rows = await db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.chatId, chatId),
          inTimeline,
          cursor.before !== undefined ? lt(messages.seq, cursor.before) : undefined,
        ),
      )
      .orderBy(desc(messages.seq))
      .limit(limit);
    return rows.reverse();
  }

  /** Reactions of the given messages, oldest first, for summarising per emoji. */
  async reactionsOf(messageIds: string[]): Promise<ReactionRow[]> {
    if (messageIds.length === 0) return [];
    return this.database.db
      .select()
      .from(reactions)
      .where(inArray(reactions.messageId, messageIds))
      .orderBy(asc(reactions.createdAt));
  }

  /** Returns false when the same person already reacted with that emoji. */
  async addReaction(messageId: string, userId: string, emoji: string): Promise<boolean> {
    const rows = await this.database.db
      .insert(reactions)
      .values({ messageId, userId, emoji })
      .onConflictDoNothing()
      .returning({ messageId: reactions.messageId });
    return rows.length > 0;
  }

  async removeReaction(messageId: string, userId: string, emoji: string): Promise<boolean> {
    const rows = await this.database.db
      .delete(reactions)
      .where(
        and(eq(reactions.messageId, messageId), eq(reactions.userId, userId), eq(reactions.emoji, emoji)),
      )
      .returning({ messageId: reactions.messageId });
    return rows.length > 0;
  }

  /** Distinct emoji on one message, to cap how many kinds a message can collect. */
  async emojiCount(messageId: string): Promise<number> {
    const [row] = await this.database.db
      .select({ n: sql<number>`count(distinct ${reactions.emoji})::int` })
      .from(reactions)
      .where(eq(reactions.messageId, messageId));
    return row?.n ?? 0;
  }

  /** Replaces who a message mentions (on edit and delete); a new message has none to replace. */
  async setMentions(
    message: MessageRow,
    mentioned: Array<{ userId: string; kind: (typeof mentions.$inferInsert)['kind'] }>,
    tx: Db,
    { fresh = false }: { fresh?: boolean } = {},
  ): Promise<void> {
    if (!fresh) await tx.delete(mentions).where(eq(mentions.messageId, message.id));
    if (mentioned.length === 0) return;
    await tx
      .insert(mentions)
      .values(
        mentioned.map((m) => ({ ...m, messageId: message.id, chatId: message.chatId, seq: message.seq })),
      )
      .onConflictDoNothing();
  }

  /** Who a message mentions now. */
  async mentionedIn(messageId: string, tx: Db = this.database.db): Promise<string[]> {
    const rows = await tx
      .select({ userId: mentions.userId })
      .from(mentions)
      .where(eq(mentions.messageId, messageId));
    return rows.map((row) => row.userId);
  }

  /** Messages mentioning the user in chats they still belong to, newest first. */
  async mentionsOf(userId: string, limit: number, before?: { createdAt: Date; id: string }) {
    return this.database.db
      .select({ message: messages, mentionedAt: mentions.createdAt })
      .from(mentions)
      .innerJoin(messages, eq(messages.id, mentions.messageId))
      .innerJoin(chatMembers, and(eq(chatMembers.chatId, mentions.chatId), eq(chatMembers.userId, userId)))
      .where(
        and(
          eq(mentions.userId, userId),
          sql`${messages.deletedAt} is null`,
          before
            ? sql`(${mentions.createdAt}, ${mentions.messageId}) < (${before.createdAt}, ${before.id})`
            : undefined,
        ),
      )
      .orderBy(desc(mentions.createdAt), desc(mentions.messageId))
      .limit(limit);
  }

  async versions(messageId: string) {
    return this.database.db
      .select({ text: messageEdits.text, replacedAt: messageEdits.replacedAt })
      .from(messageEdits)
      .where(eq(messageEdits.messageId, messageId))
      .orderBy(asc(messageEdits.replacedAt));
  }

  /** Reply counts, last reply time and recent repliers of the given thread roots. */
  async threadSummaries(rootIds: string[]) {
    if (rootIds.length === 0) return [];
    const rows = await this.database.db
      .select({
        rootId: messages.threadRootId,
        replyCount: sql<number>`count(*)::int`,
        lastReplyAt: sql<string>`max(${messages.createdAt})`,
        participants: sql<string[]>`array_agg(${messages.authorId} order by ${messages.createdAt} desc)`,
      })
      .from(messages)
      .where(and(inArray(messages.threadRootId, rootIds), isNull(messages.deletedAt)))
      .groupBy(messages.threadRootId);
    return rows.map((row) => ({
      rootId: row.rootId!,
      replyCount: row.replyCount,
      lastReplyAt: new Date(row.lastReplyAt),
      participantIds: [...new Set(row.participants.filter(Boolean))].slice(0, 5),
    }));
  }

  async follow(rootId: string, userIds: string[], tx: Db = this.database.db): Promise<void> {
    if (userIds.length === 0) return;
    await tx
      .insert(threadFollowers)
      .values(userIds.map((userId) => ({ rootId, userId })))
      .onConflictDoNothing();
  }

  async followersOf(rootId: string, tx: Db = this.database.db): Promise<string[]> {
    const rows = await tx
      .select({ userId: threadFollowers.userId })
      .from(threadFollowers)
      .where(eq(threadFollowers.rootId, rootId));
    return rows.map((row) => row.userId);
  }

  async unfollow(rootId: string, userId: string): Promise<void> {
    await this.database.db
      .delete(threadFollowers)
      .where(and(eq(threadFollowers.rootId, rootId), eq(threadFollowers.userId, userId)));
  }

  async isFollowing(rootId: string, userId: string): Promise<boolean> {
    const [row] = await this.database.db
      .select({ userId: threadFollowers.userId })
      .from(threadFollowers)
      .where(and(eq(threadFollowers.rootId, rootId), eq(threadFollowers.userId, userId)))
      .limit(1);
    return row !== undefined;
  }

  async pinsOf(messageIds: string[]) {
    if (messageIds.length === 0) return [];
    return this.database.db.select().from(pins).where(inArray(pins.messageId, messageIds));
  }

  /** Pinned messages of a chat, most recently pinned first. */
  async pinnedIn(chatId: string): Promise<MessageRow[]> {
    const rows = await this.database.db
      .select({ message: messages })
      .from(pins)
      .innerJoin(messages, eq(messages.id, pins.messageId))
      .where(eq(pins.chatId, chatId))
      .orderBy(desc(pins.pinnedAt));
    return rows.map((row) => row.message);
  }

  async pinCount(chatId: string): Promise<number> {
    const [row] = await this.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(pins)
      .where(eq(pins.chatId, chatId));
    return row?.n ?? 0;
  }

  /** Returns whether anything changed. */
  async setPinned(message: MessageRow, userId: string, pinned: boolean): Promise<boolean> {
    const { db } = this.database;
    const rows = pinned
      ? await db
          .insert(pins)
          .values({ messageId: message.id, chatId: message.chatId, pinnedBy: userId })
          .onConflictDoNothing()
          .returning({ id: pins.messageId })
      : await db.delete(pins).where(eq(pins.messageId, message.id)).returning({ id: pins.messageId });
    return rows.length > 0;
  }
}

/** A messages row as the driver returns it from raw SQL, mapped as Drizzle maps its own selects. */
function fromDriverRow(raw: Record<string, unknown>): MessageRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(messages))) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as MessageRow;
}
