import { type Logger } from 'pino';

export interface PollingLoopOptions {
  /** Logged when a round fails, e.g. "outbox poll failed". */
  name: string;
  intervalMs: number;
  /** One batch of work; a result equal to `batchSize` means more may be waiting. */
  runOnce: () => Promise<number>;
  batchSize: number;
  logger: Logger;
}

/**
 * The loop of a worker draining a table of due rows: polls every `intervalMs`, at once when woken
 * (after a commit that wrote rows), goes on without waiting while batches come back full, and on
 * stop waits for the batch in flight so nothing is cut off mid-send. One batch at a time; a wake
 * during a batch is remembered and runs the next one straight after.
 */
export class PollingLoop {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private batch: Promise<void> | undefined;
  private wokenDuringBatch = false;

  constructor(private readonly options: PollingLoopOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.batch;
  }

  /** Looks for due rows now instead of at the next poll. */
  wake(): void {
    if (!this.running) return;
    if (this.batch) {
      this.wokenDuringBatch = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(), delayMs);
    this.timer.unref();
  }

  private poll(): void {
    this.timer = undefined;
    const batch = this.drain()
      .catch((error: unknown) => this.options.logger.error({ error: messageOf(error) }, this.options.name))
      .finally(() => {
        if (this.batch === batch) this.batch = undefined;
        if (this.running && !this.batch) this.schedule(this.wokenDuringBatch ? 0 : this.options.intervalMs);
        this.wokenDuringBatch = false;
      });
    this.batch = batch;
  }

  private async drain(): Promise<void> {
    while (this.running && (await this.options.runOnce()) === this.options.batchSize);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
