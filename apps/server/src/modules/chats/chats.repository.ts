import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gt, ilike, inArray, isNull, ne, sql } from 'drizzle-orm';
import { chatMembers, chats, mentions, messages, users } from '../../db/schema/index.js';
import { Database, type Db } from '../../infra/db/database.js';

export type ChatRow = typeof chats.$inferSelect;
export type MemberRow = typeof chatMembers.$inferSelect;

export interface ChatView {
  chat: ChatRow;
  membership: MemberRow | null;
  memberCount: number;
  unreadCount: number;
  mentionCount: number;
  /** Direct chats: the other member. */
  peer: { id: string; displayName: string } | null;
}

@Injectable()
export class ChatsRepository {
  constructor(private readonly database: Database) {}

  async findById(id: string, tx: Db = this.database.db): Promise<ChatRow | undefined> {
    const [row] = await tx.select().from(chats).where(eq(chats.id, id)).limit(1);
    return row;
  }

  async findByDirectKey(key: string, tx: Db = this.database.db): Promise<ChatRow | undefined> {
    const [row] = await tx.select().from(chats).where(eq(chats.directKey, key)).limit(1);
    return row;
  }

  async membership(
    chatId: string,
    userId: string,
    tx: Db = this.database.db,
  ): Promise<MemberRow | undefined> {
    const [row] = await tx
      .select()
      .from(chatMembers)
      .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
      .limit(1);
    return row;
  }

  async insert(chat: typeof chats.$inferInsert, tx: Db): Promise<ChatRow> {
    const [row] = await tx.insert(chats).values(chat).returning();
    return row!;
  }

  async update(id: string, changes: Partial<typeof chats.$inferInsert>, tx: Db = this.database.db) {
    const [row] = await tx
      .update(chats)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(chats.id, id))
      .returning();
    return row;
  }

  async delete(id: string, tx: Db = this.database.db): Promise<void> {
    await tx.delete(chats).where(eq(chats.id, id));
  }

  /** Adds members; those already in the chat keep their role and read state. Returns the ids added. */
  async addMembers(chatId: string, members: Array<{ userId: string; role: MemberRow['role'] }>, tx: Db) {
    if (members.length === 0) return [];
    const rows = await tx
      .insert(chatMembers)
      .values(members.map((member) => ({ chatId, ...member })))
      .onConflictDoNothing()
      .returning({ userId: chatMembers.userId });
    return rows.map((row) => row.userId);
  }

  async removeMember(chatId: string, userId: string, tx: Db = this.database.db): Promise<boolean> {
    const rows = await tx
      .delete(chatMembers)
      .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
      .returning({ userId: chatMembers.userId });
    return rows.length > 0;
  }

  async updateMembership(chatId: string, userId: string, changes: Partial<typeof chatMembers.$inferInsert>) {
    const [row] = await this.database.db
      .update(chatMembers)
      .set(changes)
      .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
      .returning();
    return row;
  }

  /** Moves the read marker forward only, never past the chat's newest message. */
  async markRead(chatId: string, userId: string, seq: number): Promise<number | undefined> {
    const [row] = await this.database.db
      .update(chatMembers)
      .set({
        lastReadSeq: sql`greatest(${chatMembers.lastReadSeq}, least(${seq}, (select ${chats.lastSeq} from ${chats} where ${chats.id} = ${chatId})))`,
      })
      .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
      .returning({ lastReadSeq: chatMembers.lastReadSeq });
    return row?.lastReadSeq;
  }

  async members(chatId: string, tx: Db = this.database.db): Promise<MemberRow[]> {
    return tx
      .select()
      .from(chatMembers)
      .where(eq(chatMembers.chatId, chatId))
      .orderBy(asc(chatMembers.joinedAt));
  }

  async memberIds(chatId: string, tx: Db = this.database.db): Promise<string[]> {
    const rows = await tx
      .select({ userId: chatMembers.userId })
      .from(chatMembers)
      .where(eq(chatMembers.chatId, chatId));
    return rows.map((row) => row.userId);
  }

  /** Members of the chat whose username (compared without case) is one of `usernames`. */
  async membersByUsername(chatId: string, usernames: string[], tx: Db): Promise<string[]> {
    if (usernames.length === 0) return [];
    const rows = await tx
      .select({ id: users.id })
      .from(chatMembers)
      .innerJoin(users, eq(users.id, chatMembers.userId))
      .where(and(eq(chatMembers.chatId, chatId), inArray(sql`lower(${users.username})`, usernames)));
    return rows.map((row) => row.id);
  }

  /** Which of the given ids are active, confirmed accounts. */
  async existingUsers(ids: string[], tx: Db = this.database.db): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(inArray(users.id, ids), isNull(users.blockedAt), sql`${users.emailConfirmedAt} is not null`),
      );
    return rows.map((row) => row.id);
  }

  /** The chats a user is a member of, with what the sidebar needs, newest activity first. */
  async listFor(userId: string): Promise<ChatView[]> {
    const rows = await this.database.db
      .select({ chat: chats, membership: chatMembers })
      .from(chatMembers)
      .innerJoin(chats, eq(chats.id, chatMembers.chatId))
      .where(eq(chatMembers.userId, userId))
      .orderBy(desc(sql`coalesce(${chats.lastMessageAt}, ${chats.createdAt})`));
    return Promise.all(rows.map((row) => this.decorate(row.chat, row.membership, userId)));
  }

  async view(chat: ChatRow, membership: MemberRow | null, userId: string): Promise<ChatView> {
    return this.decorate(chat, membership, userId);
  }

  /** Public channels by name, with member counts, for the channel browser. */
  async publicChannels(query: string, userId: string, limit: number): Promise<ChatView[]> {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.database.db
      .select()
      .from(chats)
      .where(and(eq(chats.kind, 'channel'), query ? ilike(chats.name, pattern) : undefined))
      .orderBy(asc(chats.name))
      .limit(limit);
    return Promise.all(
      rows.map(async (chat) => this.decorate(chat, (await this.membership(chat.id, userId)) ?? null, userId)),
    );
  }

  private async decorate(chat: ChatRow, membership: MemberRow | null, userId: string): Promise<ChatView> {
    const { db } = this.database;
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(chatMembers)
      .where(eq(chatMembers.chatId, chat.id));
    let unreadCount = 0;
    let mentionCount = 0;
    if (membership && chat.lastSeq > membership.lastReadSeq) {
      const [mentioned] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(mentions)
        .where(
          and(
            eq(mentions.chatId, chat.id),
            eq(mentions.userId, userId),
            gt(mentions.seq, membership.lastReadSeq),
          ),
        );
      mentionCount = mentioned?.n ?? 0;
      const [unread] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(messages)
        .where(
          and(
            eq(messages.chatId, chat.id),
            gt(messages.seq, membership.lastReadSeq),
            isNull(messages.deletedAt),
            // Thread replies are read in their thread, not counted against the timeline.
            isNull(messages.threadRootId),
            ne(messages.authorId, userId),
          ),
        );
      unreadCount = unread?.n ?? 0;
    }
    let peer: ChatView['peer'] = null;
    if (chat.kind === 'direct') {
      const [other] = await db
        .select({ id: users.id, displayName: users.displayName })
        .from(chatMembers)
        .innerJoin(users, eq(users.id, chatMembers.userId))
        .where(and(eq(chatMembers.chatId, chat.id), ne(chatMembers.userId, userId)))
        .limit(1);
      peer = other ?? null;
    }
    return { chat, membership, memberCount: count?.n ?? 0, unreadCount, mentionCount, peer };
  }
}
