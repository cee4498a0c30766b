import 'reflect-metadata';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { type DestinationStream, type Logger } from 'pino';
import { AppModule } from './app.module.js';
import { type Config } from './config/config.js';
import { installHttpHooks, requestIdFor } from './common/http/http-hooks.js';
import { createLogger, PinoNestLogger } from './common/logging/logger.js';
import { openBus, openDatabase } from './infra/infra.module.js';
import { MetricsService } from './modules/metrics/metrics.service.js';
import { OpenApiService } from './openapi/openapi.service.js';
import { WebClient } from './web/web-client.js';

export interface CreateAppOptions {
  config: Config;
  /** Where log lines go; stdout by default. */
  logDestination?: DestinationStream;
}

export interface BesedaApp {
  app: NestFastifyApplication;
  logger: Logger;
}

/**
 * Uploads are read as streams by the endpoint that takes them (see UploadedFile), never buffered
 * whole by the framework. One file per request; each upload endpoint sets its own size cap, the
 * JSON body limit applies when one does not. Form fields are small metadata, if any.
 */
const multipartLimits = { files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 100 };

const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * Opens the infrastructure, builds the application and initialises it, without listening.
 * Integration tests and main.ts both start from here, so tests exercise the real wiring.
 */
export async function createApp({ config, logDestination }: CreateAppOptions): Promise<BesedaApp> {
  const logger = createLogger({ level: config.logLevel, destination: logDestination });

  const database = await openDatabase(config);
  logger.info(
    { database: database.kind, ...(database.kind === 'embedded' ? { dir: config.embeddedDatabaseDir } : {}) },
    'database ready',
  );
  let busBackend;
  try {
    busBackend = await openBus(config);
  } catch (error) {
    await database.close();
    throw error;
  }
  logger.info({ bus: busBackend.kind }, 'bus ready');

  const webClient = new WebClient(config.webDistDir);
  if (!webClient.built) logger.warn({ dir: config.webDistDir }, 'web client not built: run npm run build');

  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: requestIdFor,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    return503OnClosing: true,
  });

  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot({ config, database, busBackend, logger, webClient }),
      adapter,
      { logger: new PinoNestLogger(logger), abortOnError: false },
    );
  } catch (error) {
    await busBackend.close();
    await database.close();
    throw error;
  }

  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyCookie);
  await fastify.register(fastifyMultipart, { limits: multipartLimits });
  installHttpHooks(fastify, { https: config.publicUrl.startsWith('https:') });
  app.get(MetricsService).instrument(fastify);
  await fastify.register(fastifyStatic, {
    root: swaggerUiDir,
    prefix: '/api/docs/assets/',
    decorateReply: false,
    wildcard: false,
    index: false,
    allowedPath: (pathName) => /^\/(swagger-ui\.css|swagger-ui-bundle\.js)$/.test(pathName),
  });
  await webClient.register(fastify);

  await app.init();
  // Built now so an undocumented route fails the start, not the first documentation request.
  app.get(OpenApiService).get();
  return { app, logger };
}
