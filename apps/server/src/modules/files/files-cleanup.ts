import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Logger } from 'pino';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { LOGGER } from '../../infra/infra.module.js';
import { FilesRepository } from './files.repository.js';
import { FilesService } from './files.service.js';

const INTERVAL_MS = 10 * 60_000;
const BATCH = 100;

/**
 * Frees the storage of files nobody can read any more: uploads never attached within
 * FILE_ORPHAN_TTL_HOURS, files of deleted messages, and files whose chat was deleted. Every node
 * runs it; two nodes deleting the same file only delete it twice, which storage allows.
 */
@Injectable()
export class FilesCleanup implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly repository: FilesRepository,
    private readonly files: FilesService,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit() {
    this.timer = setInterval(() => {
      this.running ??= this.run()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'file clean-up failed'))
        .finally(() => (this.running = undefined));
    }, INTERVAL_MS).unref();
  }

  async onModuleDestroy() {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns how many files' bytes were deleted. `now` is for tests. */
  async run(now = new Date()): Promise<number> {
    await this.repository.markAbandoned(new Date(now.getTime() - this.config.files.orphanTtlMs));
    let removed = 0;
    for (;;) {
      const batch = await this.repository.deleted(BATCH);
      const done: string[] = [];
      for (const file of batch) {
        const keys = [file.storageKey, file.previewKey, file.thumbnailKey].filter((key): key is string =>
          Boolean(key),
        );
        // A row whose bytes could not all be deleted stays for the next pass.
        if (await this.files.deleteStored(keys)) done.push(file.id);
      }
      await this.repository.remove(done);
      removed += done.length;
      if (batch.length < BATCH || done.length === 0) return removed;
    }
  }
}
