import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createApp } from '../app.js';
import { loadConfig } from '../config/config.js';
import { OpenApiService } from './openapi.service.js';

/**
 * Writes the OpenAPI document without serving anything: `node dist/openapi/emit.js <file>`.
 * The web client's typed API client is generated from this file. The app is built on a
 * throwaway in-memory database, so the document is exactly what a running server would serve.
 */
async function emit(target: string | undefined) {
  const config = {
    ...loadConfig({ LOG_LEVEL: 'error', PUBLIC_URL: 'http://localhost:3000' }),
    databaseUrl: undefined,
    redisUrl: undefined,
    embeddedDatabaseDir: 'memory://',
  };
  const { app } = await createApp({ config });
  const document = `${JSON.stringify(app.get(OpenApiService).get(), null, 2)}\n`;
  await app.close();
  if (target) writeFileSync(target, document);
  else process.stdout.write(document);
}

emit(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
