import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InstanceSchema } from '@beseda/protocol';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { shippedMigrationCount } from '../src/infra/db/migrate.js';
import {
  createScratchDatabase,
  realBackendUrls,
  type ScratchDatabase,
  testBackend,
  uniqueRedisPrefix,
} from './support/backends.js';
import { type ServerProcess, spawnServer } from './support/server-process.js';

const started: ServerProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

async function start(env: Record<string, string>) {
  const server = await spawnServer(env);
  started.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop('SIGKILL')));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDataDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'beseda-proc-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function instanceOf(server: ServerProcess) {
  return InstanceSchema.parse(await (await fetch(`${server.url}/api/v1/instance`)).json());
}

// Process-level tests run once per backend run: the embedded ones in the embedded run, the
// multi-node one in the PostgreSQL + Redis run.
describe.runIf(testBackend === 'embedded')('the embedded defaults', () => {
  it('keep data across a Ctrl-C and a restart', async () => {
    const dataDir = tempDataDir();
    const first = await start({ DATA_DIR: dataDir });
    await first.ready();
    const before = await instanceOf(first);
    expect(await first.stop('SIGINT')).toBe(0);
    expect(first.output()).toContain('database and bus closed');

    const second = await start({ DATA_DIR: dataDir });
    await second.ready();
    expect(await instanceOf(second)).toEqual(before);
    expect(await second.stop('SIGTERM')).toBe(0);
  });

  it('refuse a second process on the same data directory, naming the owner', async () => {
    const dataDir = tempDataDir();
    const owner = await start({ DATA_DIR: dataDir });
    await owner.ready();
    const intruder = await start({ DATA_DIR: dataDir });
    expect(await intruder.exited).toBe(1);
    expect(intruder.output()).toContain(`in use by process ${owner.child.pid}`);
    // The owner is unharmed.
    expect((await fetch(`${owner.url}/health/ready`)).status).toBe(200);
  });

  it('recover the data directory after the owner was killed', async () => {
    const dataDir = tempDataDir();
    const first = await start({ DATA_DIR: dataDir });
    await first.ready();
    const before = await instanceOf(first);
    await first.stop('SIGKILL');
    const second = await start({ DATA_DIR: dataDir });
    await second.ready();
    expect(await instanceOf(second)).toEqual(before);
  });
});

describe.runIf(testBackend === 'embedded')('start-up errors', () => {
  it('stop with one line naming the wrong variable', async () => {
    const server = await start({ DATA_DIR: tempDataDir(), LOG_LEVEL: 'chatty' });
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: LOG_LEVEL: expected one of/);
  });

  it('stop with one line when the database cannot be reached, without echoing its password', async () => {
    const server = await start({
      DATA_DIR: tempDataDir(),
      DATABASE_URL: 'postgres://beseda:hunter2secret@127.0.0.1:1/beseda',
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Beseda failed to start: /);
    expect(server.output()).not.toContain('hunter2secret');
  });
});

describe.runIf(testBackend === 'real')('several nodes on PostgreSQL and Redis', () => {
  it('start at the same moment against one new database, both ready, migrations applied once', async () => {
    const { databaseUrl, redisUrl } = realBackendUrls();
    const database: ScratchDatabase = await createScratchDatabase(databaseUrl);
    cleanups.push(() => database.drop());
    const env = {
      DATA_DIR: tempDataDir(),
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: uniqueRedisPrefix(),
    };

    const nodes = await Promise.all([start(env), start(env)]);
    await Promise.all(nodes.map((node) => node.ready()));

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ hash: string }>('select hash from drizzle.__drizzle_migrations');
      expect(rows).toHaveLength(shippedMigrationCount());
      expect(new Set(rows.map((row) => row.hash)).size).toBe(rows.length);
    } finally {
      await client.end();
    }
    const [a, b] = await Promise.all(nodes.map(instanceOf));
    expect(a).toEqual(b);
    expect(await Promise.all(nodes.map((node) => node.stop('SIGTERM')))).toEqual([0, 0]);
  });
});
