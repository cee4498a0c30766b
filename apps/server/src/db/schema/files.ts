import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

export const fileKinds = ['image', 'video', 'audio', 'file'] as const;

/**
 * Uploaded files. A file belongs to its uploader until it is attached to a message; from then on
 * whoever may read the message may read the file. Storage keys are made by the server.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey(),
    /** Who uploaded it: the quota is counted per uploader. */
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    /**
     * Null until sent with a message; a file is attached once, to one message. No foreign key:
     * when a chat and its messages are deleted, the clean-up job finds the files left without a
     * message and deletes their stored bytes, which a cascade would have lost track of.
     */
    messageId: uuid('message_id'),
    /** Its place among the message's attachments. */
    position: smallint('position').notNull().default(0),
    /** As uploaded, cleaned of path parts and control characters; never used as a storage key. */
    name: text('name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Detected from the bytes. */
    contentType: text('content_type').notNull(),
    kind: text('kind', { enum: fileKinds }).notNull(),
    width: integer('width'),
    height: integer('height'),
    storageKey: text('storage_key').notNull(),
    previewKey: text('preview_key'),
    thumbnailKey: text('thumbnail_key'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /**
     * Set when the file stops being readable (its message was deleted, or it was never attached in
     * time); the clean-up job then deletes its stored bytes and the row.
     */
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index('files_message').on(table.messageId, table.position),
    index('files_owner').on(table.ownerId),
    index('files_unattached')
      .on(table.createdAt)
      .where(sql`${table.messageId} is null`),
    index('files_deleted')
      .on(table.deletedAt)
      .where(sql`${table.deletedAt} is not null`),
  ],
);

/**
 * Server-wide secrets made on first start and shared by every node (the HMAC key of signed file
 * links). The first node to start inserts; the others find its row.
 */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  /** Base64url. */
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
