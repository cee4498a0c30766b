import path from 'node:path';
import { type MigrationConfig, readMigrationFiles } from 'drizzle-orm/migrator';

// Resolved to the source folder from both src/ and dist/: the SQL files are not compiled, and
// keeping one copy means the build can never ship stale migrations.
export const migrationsFolder = path.resolve(import.meta.dirname, '../../../src/db/migrations');

export const migrationConfig: MigrationConfig = { migrationsFolder };

/** Number of migration files shipped with this build. */
export function shippedMigrationCount(): number {
  return readMigrationFiles(migrationConfig).length;
}

/**
 * Key of the session-level advisory lock held while migrating. Every node takes it before
 * touching the schema, so nodes started together against one new database migrate one at a time
 * and the later ones find nothing left to do.
 */
export const MIGRATION_LOCK_KEY = 0x6265_7365; // "bese"
