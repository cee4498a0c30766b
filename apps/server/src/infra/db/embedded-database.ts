import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from '../../db/schema/index.js';
import { Database, type Db } from './database.js';
import { migrationConfig } from './migrate.js';

const MEMORY = 'memory://';

/**
 * PostgreSQL compiled to WebAssembly, running inside this process with its files under DATA_DIR.
 * One process may open a data directory at a time: a second one would corrupt it, so the
 * directory is claimed with a lock file naming the owner's pid.
 */
export class EmbeddedDatabase extends Database {
  readonly kind = 'embedded' as const;

  private constructor(
    private readonly client: PGlite,
    readonly db: Db,
    private readonly lockFile: string | undefined,
  ) {
    super();
  }

  static async open(dataDir: string): Promise<EmbeddedDatabase> {
    const inMemory = dataDir === MEMORY;
    let lockFile: string | undefined;
    if (!inMemory) {
      mkdirSync(dataDir, { recursive: true });
      lockFile = claimDirectory(dataDir);
    }
    try {
      // pg_trgm backs partial-word message search (migration 0009 creates the extension).
      const client = await PGlite.create(inMemory ? MEMORY : dataDir, { extensions: { pg_trgm } });
      const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Db;
      await migrate(drizzle({ client }), migrationConfig);
      return new EmbeddedDatabase(client, db, lockFile);
    } catch (error) {
      if (lockFile) rmSync(lockFile, { force: true });
      throw error;
    }
  }

  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }

  async close(): Promise<void> {
    if (!this.client.closed) await this.client.close();
    if (this.lockFile) rmSync(this.lockFile, { force: true });
  }
}

function claimDirectory(dataDir: string): string {
  const lockFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return lockFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `The embedded database at ${dataDir} is in use by process ${owner}; stop it first, or set DATABASE_URL to share a PostgreSQL server between processes`,
        );
      }
      // The previous owner died without cleaning up: the lock is stale.
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not claim the embedded database directory ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
