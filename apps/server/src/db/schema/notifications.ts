import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { chats, messages } from './chats.js';
import { users } from './users.js';

export const notificationKinds = ['direct', 'mention', 'thread_reply', 'chat_invite'] as const;

/**
 * A person's in-app notifications: written in the transaction that stores what they are about
 * (the message, the invitation), so none is lost or made for something that was rolled back.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: notificationKinds }).notNull(),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    /** Who caused it: the author, or who added the person to the chat. */
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
    /** When an e-mail digest told the person about it: a notification is e-mailed at most once. */
    emailedAt: timestamp('emailed_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index('notifications_user_time').on(table.userId, table.createdAt.desc(), table.id.desc()),
    index('notifications_user_unread')
      .on(table.userId)
      .where(sql`${table.readAt} is null`),
  ],
);

/**
 * A person who has missed something worth an e-mail (a direct message, a mention) and when their
 * digest is due. Written in the transaction that made the notification; the first one sets the
 * time, later ones leave it, so a busy conversation makes one digest rather than one per message.
 */
export const emailDigests = pgTable('email_digests', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }).notNull(),
});
