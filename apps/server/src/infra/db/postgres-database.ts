import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from '../../db/schema/index.js';
import { Database, type Db } from './database.js';
import { MIGRATION_LOCK_KEY, migrationConfig } from './migrate.js';

export interface PostgresOptions {
  url: string;
  poolSize?: number;
}

/** A PostgreSQL server reached over the network through a connection pool. */
export class PostgresDatabase extends Database {
  readonly kind = 'postgres' as const;

  private constructor(
    private readonly pool: pg.Pool,
    readonly db: Db,
  ) {
    super();
  }

  static async open({ url, poolSize = 10 }: PostgresOptions): Promise<PostgresDatabase> {
    const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'beseda' });
    // An idle client that loses its connection emits 'error' on the pool; without a listener
    // that would crash the process instead of just dropping the client.
    pool.on('error', () => undefined);
    try {
      await migrateUnderLock(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    const db = drizzle({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
    return new PostgresDatabase(pool, db);
  }

  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function migrateUnderLock(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle({ client }), migrationConfig);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
