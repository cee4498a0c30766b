import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Which infrastructure the integration tests run on. `npm test` runs them on the embedded
 * defaults and, when TEST_DATABASE_URL and TEST_REDIS_URL are set, again with
 * BESEDA_TEST_BACKEND=real against PostgreSQL and Redis.
 */
export const testBackend: 'embedded' | 'real' =
  process.env.BESEDA_TEST_BACKEND === 'real' ? 'real' : 'embedded';

export function realBackendUrls(): { databaseUrl: string; redisUrl: string } {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    throw new Error('BESEDA_TEST_BACKEND=real needs TEST_DATABASE_URL and TEST_REDIS_URL');
  }
  return { databaseUrl, redisUrl };
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty PostgreSQL database on the test server, dropped when the test is done with it. */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `beseda_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export function uniqueRedisPrefix(): string {
  return `beseda-test:${randomBytes(6).toString('hex')}:`;
}
