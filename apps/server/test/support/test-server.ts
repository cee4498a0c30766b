import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config/config.js';
import { createScratchDatabase, realBackendUrls, testBackend, uniqueRedisPrefix } from './backends.js';

export interface TestServer {
  url: string;
  app: NestFastifyApplication;
  config: Config;
  /** Every log line the server wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Every log line as written, for scanning for secrets. */
  rawLogs(): string;
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Environment variables, as an operator would set them. */
  env?: Record<string, string>;
  /** Another node of the same installation: share its PostgreSQL database and Redis prefix. */
  sameBackendAs?: TestServer;
}

/**
 * Starts the real application on a random port, on the embedded database (in memory) or, in the
 * real-backend run, on a fresh PostgreSQL database and a private Redis key prefix.
 */
export async function startTestServer({
  env = {},
  sameBackendAs,
}: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beseda-test-'));
  if (sameBackendAs && !sameBackendAs.config.databaseUrl) throw new Error('Only real backends can be shared');
  const scratch =
    testBackend === 'real' && !sameBackendAs
      ? await createScratchDatabase(realBackendUrls().databaseUrl)
      : undefined;
  const baseEnv: Record<string, string> = {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: '3000',
  };
  if (sameBackendAs) {
    baseEnv.DATABASE_URL = sameBackendAs.config.databaseUrl!;
    baseEnv.REDIS_URL = sameBackendAs.config.redisUrl!;
    baseEnv.REDIS_KEY_PREFIX = sameBackendAs.config.redisKeyPrefix;
  } else if (scratch) {
    baseEnv.DATABASE_URL = scratch.url;
    baseEnv.REDIS_URL = realBackendUrls().redisUrl;
    baseEnv.REDIS_KEY_PREFIX = uniqueRedisPrefix();
  }
  const config = { ...loadConfig({ ...baseEnv, ...env }), embeddedDatabaseDir: 'memory://' };

  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });

  const { app } = await createApp({ config, logDestination: destination });
  // A random port unless the test chose one (to know PUBLIC_URL before the server starts).
  await app.listen({ port: env.PORT ? config.port : 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    app,
    config,
    get logs() {
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    rawLogs: () => lines.join('\n'),
    request: (requestPath, init) => fetch(url + requestPath, init),
    async close() {
      await app.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
