import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, ilike, inArray, isNull, sql } from 'drizzle-orm';
import { chatMembers, chats, meetings, mentions, messages, users } from '../../db/schema/index.js';
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
  /** Meeting chats: the meeting whose chat it is. */
  meetingId: string | null;
}

@Injectable()
export class ChatsRepository {
  constructor(private readonly database: Database) {}

  async findById(id: string, tx: Db = this.database.db): Promise<ChatRow | undefined> {
    const [row] = await tx.select().from(chats).where(eq(chats.id, id)).limit(1);
    return row;
  }

  /** The chat and the user's membership of it (null when not a member), in one query. */
  async findWithMembership(
    chatId: string,
    userId: string,
  ): Promise<{ chat: ChatRow; membership: MemberRow | null } | undefined> {
    const [row] = await this.database.db
      .select({ chat: chats, membership: chatMembers })
      .from(chats)
      .leftJoin(chatMembers, and(eq(chatMembers.chatId, chats.id), eq(chatMembers.userId, userId)))
      .where(eq(chats.id, chatId))
      .limit(1);
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

  async ownerOf(chatId: string): Promise<string | undefined> {
    const [row] = await this.database.db
      .select({ userId: chatMembers.userId })
      .from(chatMembers)
      .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.role, 'owner')))
      .limit(1);
    return row?.userId;
  }

  async updateMembership(
    chatId: string,
    userId: string,
    changes: Partial<typeof chatMembers.$inferInsert>,
    tx: Db = this.database.db,
  ) {
    const [row] = await tx
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
      .select(viewColumns(userId))
      .from(chatMembers)
      .innerJoin(chats, eq(chats.id, chatMembers.chatId))
      .where(eq(chatMembers.userId, userId))
      .orderBy(desc(sql`coalesce(${chats.lastMessageAt}, ${chats.createdAt})`));
    return rows.map(toView);
  }

  /** One chat as `userId` sees it: their membership (if any), counts and, in a direct chat, the peer. */
  async view(chatId: string, userId: string): Promise<ChatView | undefined> {
    const [row] = await this.database.db
      .select(viewColumns(userId))
      .from(chats)
      .leftJoin(chatMembers, and(eq(chatMembers.chatId, chats.id), eq(chatMembers.userId, userId)))
      .where(eq(chats.id, chatId));
    return row && toView(row);
  }

  /** Public channels by name, with member counts, for the channel browser. */
  async publicChannels(query: string, userId: string, limit: number): Promise<ChatView[]> {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.database.db
      .select(viewColumns(userId))
      .from(chats)
      .leftJoin(chatMembers, and(eq(chatMembers.chatId, chats.id), eq(chatMembers.userId, userId)))
      .where(and(eq(chats.kind, 'channel'), query ? ilike(chats.name, pattern) : undefined))
      .orderBy(asc(chats.name))
      .limit(limit);
    return rows.map(toView);
  }
}

/**
 * What a chat view needs, in one query however many chats are listed: counts come from
 * correlated subqueries on indexed columns (members by chat, messages and mentions by chat and
 * seq), and only chats with something unread count anything. The meeting of a meeting chat is
 * looked up for meeting chats only.
 */
function viewColumns(userId: string) {
  const unread = sql`${chatMembers.lastReadSeq} is not null and ${chats.lastSeq} > ${chatMembers.lastReadSeq}`;
  return {
    chat: chats,
    membership: chatMembers,
    memberCount: sql<number>`(select count(*)::int from ${chatMembers} counted where counted.chat_id = ${chats.id})`,
    // Thread replies are read in their thread, not counted against the timeline.
    unreadCount: sql<number>`case when ${unread} then (
      select count(*)::int from ${messages} unread
      where unread.chat_id = ${chats.id} and unread.seq > ${chatMembers.lastReadSeq}
        and unread.deleted_at is null and unread.thread_root_id is null
        and unread.author_id is distinct from ${userId}
    ) else 0 end`,
    mentionCount: sql<number>`case when ${unread} then (
      select count(*)::int from ${mentions} mentioned
      where mentioned.chat_id = ${chats.id} and mentioned.user_id = ${userId}
        and mentioned.seq > ${chatMembers.lastReadSeq}
    ) else 0 end`,
    peer: sql<{ id: string; displayName: string } | null>`case when ${chats.kind} = 'direct' then (
      select json_build_object('id', peer.id, 'displayName', peer.display_name)
      from ${chatMembers} other join ${users} peer on peer.id = other.user_id
      where other.chat_id = ${chats.id} and other.user_id <> ${userId} limit 1
    ) end`,
    meetingId: sql<string | null>`case when ${chats.kind} = 'meeting' then (
      select owner.id from ${meetings} owner where owner.chat_id = ${chats.id} limit 1
    ) end`,
  };
}

function toView(row: {
  chat: ChatRow;
  membership: MemberRow | null;
  memberCount: number;
  unreadCount: number;
  mentionCount: number;
  peer: { id: string; displayName: string } | string | null;
  meetingId: string | null;
}): ChatView {
  // node-postgres parses json columns; keep working if a driver hands back the text.
  const peer = typeof row.peer === 'string' ? (JSON.parse(row.peer) as ChatView['peer']) : row.peer;
  return { ...row, peer };
}
