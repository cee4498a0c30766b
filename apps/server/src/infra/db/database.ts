import { type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from '../../db/schema/index.js';

/** The Drizzle handle every repository uses, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseKind = 'embedded' | 'postgres';

/**
 * The database a node talks to: PGlite inside the process by default, PostgreSQL when
 * DATABASE_URL is set. Both run the same schema and the same migrations.
 */
export abstract class Database {
  abstract readonly kind: DatabaseKind;
  abstract readonly db: Db;
  /** Answers when the database executes a trivial query; throws otherwise. */
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}
