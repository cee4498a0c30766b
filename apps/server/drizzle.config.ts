import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -w @beseda/server` writes a new SQL migration from the schema diff.
// The same files are applied to PGlite and PostgreSQL at start (src/infra/db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './src/db/migrations',
  casing: 'snake_case',
});
