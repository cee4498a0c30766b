import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PushPayloadSchema } from '@beseda/protocol';
import { type Logger } from 'pino';
import { PollingLoop } from '../../common/jobs/polling-loop.js';
import { LOGGER } from '../../infra/infra.module.js';
import { type PushOutcome, PushSender } from './push-sender.js';
import { type PushDeliveryRow, PushRepository } from './push.repository.js';

export const PUSH_POLL_INTERVAL_MS = 1_000;
const BATCH_SIZE = 20;
/** Well past the sender's 15 s timeout, so no lease runs out mid-send. */
const LEASE_MS = 60_000;
/** A notification retried for longer than about an hour is news nobody needs any more. */
export const MAX_PUSH_ATTEMPTS = 6;
const FIRST_RETRY_DELAY_MS = 5_000;
const MAX_RETRY_DELAY_MS = 30 * 60_000;
const MAX_ERROR_LENGTH = 1_000;

/** 5 s, 10 s, 20 s, ... up to 30 min, or what the push service asked for if that is longer. */
export function pushRetryDelayMs(attempts: number, retryAfterMs = 0): number {
  const backoff = Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_DELAY_MS);
  return Math.min(Math.max(backoff, retryAfterMs), MAX_RETRY_DELAY_MS);
}

/**
 * Delivers the push_deliveries rows that message transactions wrote, like the mail OutboxWorker:
 * every node polls (at once when woken), claims due rows with a lease, sends, and deletes the row
 * when the push service accepted it. A node that dies before sending leaves its rows to the next
 * claim once the lease runs out; only one that dies between the push service's answer and the
 * delete can make a device show a notification twice.
 */
@Injectable()
export class PushWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PollingLoop;

  constructor(
    private readonly repository: PushRepository,
    private readonly sender: PushSender,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PollingLoop({
      name: 'push poll failed',
      intervalMs: PUSH_POLL_INTERVAL_MS,
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

  /** Claims one batch of due rows and sends them; returns how many it claimed. */
  async runOnce(): Promise<number> {
    const rows = await this.repository.claimDue(BATCH_SIZE, LEASE_MS);
    if (rows.length === 0) return 0;
    const subscriptions = new Map(
      (await this.repository.subscriptionsByIds([...new Set(rows.map((row) => row.subscriptionId))])).map(
        (subscription) => [subscription.id, subscription],
      ),
    );
    const results = await Promise.allSettled(
      rows.map(async (row) => {
        const subscription = subscriptions.get(row.subscriptionId);
        // Removed since the claim: its rows went with it.
        if (!subscription) return;
        const parsed = PushPayloadSchema.safeParse(row.payload);
        const outcome: PushOutcome = parsed.success
          ? await this.sender.send(subscription, parsed.data)
          : { result: 'failed', error: 'The stored payload is malformed' };
        await this.record(row, outcome);
      }),
    );
    const broken = results.find((result) => result.status === 'rejected');
    if (broken) throw broken.reason;
    return rows.length;
  }

  // Only ids and the error are logged: the endpoint is a capability, the payload private text.
  private async record(row: PushDeliveryRow, outcome: PushOutcome): Promise<void> {
    const context = { pushDeliveryId: row.id, subscriptionId: row.subscriptionId, attempts: row.attempts };
    switch (outcome.result) {
      case 'sent':
        await this.repository.markSent(row.id);
        return;
      case 'gone':
        await this.repository.deleteSubscription(row.subscriptionId);
        this.logger.info({ ...context, status: outcome.status }, 'push subscription expired, removed');
        return;
      case 'failed':
        await this.repository.markFailed(row.id, outcome.error.slice(0, MAX_ERROR_LENGTH));
        this.logger.error({ ...context, error: outcome.error }, 'push delivery refused, giving up');
        return;
      case 'retry': {
        const error = outcome.error.slice(0, MAX_ERROR_LENGTH);
        if (row.attempts >= MAX_PUSH_ATTEMPTS) {
          await this.repository.markFailed(row.id, error);
          this.logger.error({ ...context, error }, 'push delivery failed for good, giving up');
          return;
        }
        const delayMs = pushRetryDelayMs(row.attempts, outcome.retryAfterMs);
        await this.repository.scheduleRetry(row.id, delayMs, error);
        this.logger.warn({ ...context, error, retryInMs: delayMs }, 'push delivery failed, will retry');
      }
    }
  }
}
