import { sql } from 'drizzle-orm';
import { boolean, check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The installation: exactly one row, created by whichever node starts first. The `singleton`
 * column is both the primary key and constrained to true, so a second row cannot exist and
 * concurrent first starts converge on one id.
 */
export const instance = pgTable(
  'instance',
  {
    singleton: boolean('singleton').primaryKey().default(true),
    id: uuid('id').notNull().unique(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [check('instance_singleton', sql`${table.singleton}`)],
);
