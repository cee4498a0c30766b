import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Logger } from 'pino';
import { type Config } from '../config/config.js';
import { CONFIG } from '../config/config.module.js';
import { Bus, BusBackend, KeyValueStore } from './bus/bus.js';
import { MemoryBusBackend } from './bus/memory-bus.js';
import { RedisBusBackend } from './bus/redis-bus.js';
import { Database } from './db/database.js';
import { EmbeddedDatabase } from './db/embedded-database.js';
import { PostgresDatabase } from './db/postgres-database.js';
import { ServerSecrets } from './db/server-secrets.js';
import { FileStorage } from './storage/file-storage.js';
import { LocalFileStorage } from './storage/local-file-storage.js';
import { S3FileStorage } from './storage/s3-file-storage.js';

export const LOGGER = Symbol('LOGGER');

/** Opens the database configured: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise. */
export async function openDatabase(config: Config): Promise<Database> {
  return config.databaseUrl
    ? PostgresDatabase.open({ url: config.databaseUrl })
    : EmbeddedDatabase.open(config.embeddedDatabaseDir);
}

/** Connects the bus configured: Redis when REDIS_URL is set, in-process otherwise. */
export async function openBus(config: Config): Promise<BusBackend> {
  return config.redisUrl
    ? RedisBusBackend.connect({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix })
    : new MemoryBusBackend();
}

/** The file store configured: an S3-compatible bucket when S3_* is set, a folder under DATA_DIR otherwise. */
export async function openFileStorage(config: Config): Promise<FileStorage> {
  return config.files.s3 ? S3FileStorage.open(config.files.s3) : LocalFileStorage.open(config.filesDir);
}

/**
 * Closes the adapters after the HTTP server has stopped and in-flight requests have finished
 * (Nest runs onApplicationShutdown after closing the server), so no request loses its database
 * mid-query and PGlite's files are flushed before the process exits.
 */
@Injectable()
class InfraLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly database: Database,
    private readonly busBackend: BusBackend,
    private readonly fileStorage: FileStorage,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationShutdown() {
    this.fileStorage.close();
    await this.busBackend.close();
    await this.database.close();
    this.logger.info('database and bus closed');
  }
}

export interface InfraOptions {
  database: Database;
  busBackend: BusBackend;
  logger: Logger;
}

/**
 * The adapters are opened before Nest builds the module graph (see createApp), so a database
 * that cannot be reached fails the start with its own message instead of a DI error.
 */
@Global()
@Module({})
export class InfraModule {
  static forRoot({ database, busBackend, logger }: InfraOptions): DynamicModule {
    return {
      module: InfraModule,
      providers: [
        { provide: Database, useValue: database },
        { provide: BusBackend, useValue: busBackend },
        { provide: Bus, useValue: busBackend.bus },
        { provide: KeyValueStore, useValue: busBackend.store },
        { provide: LOGGER, useValue: logger },
        { provide: FileStorage, inject: [CONFIG], useFactory: openFileStorage },
        ServerSecrets,
        InfraLifecycle,
      ],
      exports: [Database, BusBackend, Bus, KeyValueStore, LOGGER, FileStorage, ServerSecrets],
    };
  }
}
