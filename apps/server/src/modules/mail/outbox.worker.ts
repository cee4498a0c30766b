import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type Logger } from 'pino';
import { messageOf, PollingLoop } from '../../common/jobs/polling-loop.js';
import { LOGGER } from '../../infra/infra.module.js';
import { OutboxHandlers } from './outbox-handlers.js';
import { OutboxRepository, type OutboxRow } from './outbox.repository.js';

export const OUTBOX_POLL_INTERVAL_MS = 1_000;
const BATCH_SIZE = 10;
/** Longer than a send can take (the SMTP transport gives up after ~50 s), so no lease runs out mid-send. */
const LEASE_MS = 60_000;
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_DELAY_MS = 5_000;
const MAX_RETRY_DELAY_MS = 60 * 60_000;
const MAX_ERROR_LENGTH = 1_000;

/** How long to wait before the next try, after `attempts` tries failed: 5 s, 10 s, 20 s, ... up to 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_DELAY_MS);
}

/**
 * Delivers what transactions wrote to the outbox: polls every second (at once when woken), claims
 * due rows with a lease, hands each to the handler of its kind, then marks it sent or schedules a
 * retry. Every node runs one; the claim keeps them from doing a row twice. A node that dies after
 * sending but before marking the row sent leaves it to be sent again once the lease runs out, so
 * delivery is at least once, and exactly once whenever nodes do not crash mid-send.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PollingLoop;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly handlers: OutboxHandlers,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PollingLoop({
      name: 'outbox poll failed',
      intervalMs: OUTBOX_POLL_INTERVAL_MS,
      runOnce: () => this.runOnce(),
      batchSize: BATCH_SIZE,
      logger,
    });
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    this.loop.start();
  }

  /** Stops polling and waits for the batch in flight, so nothing is cut off mid-send. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Looks for due rows now instead of at the next poll; called after a commit that wrote some. */
  wake(): void {
    this.loop.wake();
  }

  /** Claims one batch of due rows and works through it; returns how many rows it claimed. */
  async runOnce(): Promise<number> {
    const rows = await this.repository.claimDue(BATCH_SIZE, LEASE_MS);
    // Side by side: every row of the batch must finish well within its lease.
    const results = await Promise.allSettled(rows.map((row) => this.process(row)));
    const broken = results.find((result) => result.status === 'rejected');
    if (broken) throw broken.reason;
    return rows.length;
  }

  private async process(row: OutboxRow): Promise<void> {
    try {
      const handler = this.handlers.get(row.kind);
      if (!handler) throw new Error(`No handler for outbox kind "${row.kind}"`);
      if (!row.payload) throw new Error('The outbox row has no payload');
      await handler.handle(row.payload);
    } catch (error) {
      await this.recordFailure(row, messageOf(error).slice(0, MAX_ERROR_LENGTH));
      return;
    }
    await this.repository.markSent(row.id);
  }

  // The payload holds one-time links, so only the row's id, kind and the error are logged.
  private async recordFailure(row: OutboxRow, error: string): Promise<void> {
    const context = { outboxId: row.id, kind: row.kind, attempts: row.attempts, error };
    if (row.attempts >= MAX_ATTEMPTS) {
      await this.repository.markFailed(row.id, error);
      this.logger.error(context, 'outbox item failed for good, giving up');
      return;
    }
    const delayMs = retryDelayMs(row.attempts);
    await this.repository.scheduleRetry(row.id, delayMs, error);
    this.logger.warn({ ...context, retryInMs: delayMs }, 'outbox item failed, will retry');
  }
}
