import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users.js';

export const chatKinds = ['channel', 'private', 'group', 'direct', 'self', 'meeting'] as const;
export const chatRoles = ['owner', 'admin', 'member'] as const;
export const notificationLevels = ['all', 'mentions', 'nothing'] as const;

export const chats = pgTable(
  'chats',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: chatKinds }).notNull(),
    name: text('name'),
    topic: text('topic').notNull().default(''),
    description: text('description').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /**
     * The sequence number of the chat's newest message. Incremented in the transaction that
     * stores a message, under the row lock, so a chat's sequence has no gaps or duplicates.
     */
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
    /** When lastSeq last moved: the chat's last activity, for ordering and "active" lists. */
    lastMessageAt: timestamp('last_message_at', { withTimezone: true, mode: 'date' }),
    /** For direct and self chats: the sorted member ids, so each pair has exactly one chat. */
    directKey: text('direct_key'),
    archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('chats_direct_key').on(table.directKey),
    check(
      'chats_kind_valid',
      sql`${table.kind} in ('channel', 'private', 'group', 'direct', 'self', 'meeting')`,
    ),
  ],
);

export const chatMembers = pgTable(
  'chat_members',
  {
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: chatRoles }).notNull().default('member'),
    /** Everything up to this seq has been read. */
    lastReadSeq: bigint('last_read_seq', { mode: 'number' }).notNull().default(0),
    notificationLevel: text('notification_level', { enum: notificationLevels }).notNull().default('all'),
    muted: boolean('muted').notNull().default(false),
    favourite: boolean('favourite').notNull().default(false),
    joinedAt: timestamp('joined_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.chatId, table.userId] }),
    index('chat_members_user').on(table.userId),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey(),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** Chosen by the sending client: a second send with the same id returns the first message. */
    clientId: text('client_id').notNull(),
    /** Emptied when the message is deleted; the row stays as a tombstone in the history. */
    text: text('text').notNull(),
    replyToId: uuid('reply_to_id'),
    /** Set on thread replies: the top-level message the thread hangs off. Null in the main timeline. */
    threadRootId: uuid('thread_root_id'),
    /** An earlier message of the same chat this one quotes; shown as it reads now (gone when deleted). */
    quoteId: uuid('quote_id'),
    /**
     * A forwarded copy keeps who wrote the original and when, even if the original or its chat
     * is deleted later. The text is copied: the copy belongs to the chat it was posted in.
     */
    forwardedAuthorId: uuid('forwarded_author_id').references(() => users.id, { onDelete: 'set null' }),
    forwardedAt: timestamp('forwarded_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true, mode: 'date' }),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    uniqueIndex('messages_chat_seq').on(table.chatId, table.seq),
    uniqueIndex('messages_author_client').on(table.authorId, table.clientId),
    index('messages_thread').on(table.threadRootId, table.seq),
  ],
);

/** Earlier versions of edited messages, kept for "edited" history. */
export const messageEdits = pgTable(
  'message_edits',
  {
    id: uuid('id').primaryKey(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    /** When this version was replaced. */
    replacedAt: timestamp('replaced_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('message_edits_message').on(table.messageId)],
);

export const reactions = pgTable(
  'reactions',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    emoji: text('emoji').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.messageId, table.userId, table.emoji] })],
);

/**
 * Who a message mentions: one row per mentioned person, `@channel` expanded to the members at
 * the time of sending. Rewritten when the message is edited, removed when it is deleted.
 */
export const mentions = pgTable(
  'mentions',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** `user` for @name, `channel` for @channel, `here` for @here (members online when sent). */
    kind: text('kind', { enum: ['user', 'channel', 'here'] }).notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.messageId, table.userId] }),
    index('mentions_user_time').on(table.userId, table.createdAt.desc()),
    index('mentions_chat_user_seq').on(table.chatId, table.userId, table.seq),
  ],
);

/** People who get told about new replies in a thread: its author, repliers, and whoever follows it. */
export const threadFollowers = pgTable(
  'thread_followers',
  {
    rootId: uuid('root_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.rootId, table.userId] }),
    index('thread_followers_user').on(table.userId),
  ],
);

/** Messages pinned to a chat's header, newest first. */
export const pins = pgTable(
  'pins',
  {
    messageId: uuid('message_id')
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    pinnedBy: uuid('pinned_by').references(() => users.id, { onDelete: 'set null' }),
    pinnedAt: timestamp('pinned_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('pins_chat_time').on(table.chatId, table.pinnedAt.desc())],
);
