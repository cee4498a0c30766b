import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type Logger } from 'pino';
import { messageOf, PollingLoop } from '../../common/jobs/polling-loop.js';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { Database } from '../../infra/db/database.js';
import { LOGGER } from '../../infra/infra.module.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import { digestMail } from './digest-mail.js';
import { EmailDigestRepository } from './email-digest.repository.js';
import { UnsubscribeTokens } from './unsubscribe-tokens.js';

/** Digests wait minutes anyway: half a minute late is nothing, and idle nodes stay quiet. */
export const EMAIL_DIGEST_POLL_INTERVAL_MS = 30_000;
const BATCH_SIZE = 20;
/** A digest that could not be made (a broken row, an address the outbox refuses) is tried again this much later. */
const RETRY_DELAY_MS = 60 * 60_000;

/**
 * Makes the e-mail digests that fell due. Each is one transaction: take the person's row (SKIP
 * LOCKED, so nodes never take the same one), gather their unread direct messages and mentions,
 * mark them e-mailed and queue one mail in the durable outbox. Killed before the commit, the row
 * is due again; after it, the outbox sends the mail. Nothing unread left means no mail.
 */
@Injectable()
export class EmailDigestWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PollingLoop;

  constructor(
    private readonly database: Database,
    private readonly repository: EmailDigestRepository,
    private readonly tokens: UnsubscribeTokens,
    private readonly mail: MailOutbox,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PollingLoop({
      name: 'email digest poll failed',
      intervalMs: EMAIL_DIGEST_POLL_INTERVAL_MS,
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

  /** Stops polling and waits for the digests in flight. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Looks for due digests now instead of at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** Makes up to one batch of due digests; returns how many it took. */
  async runOnce(): Promise<number> {
    let taken = 0;
    let queued = 0;
    while (taken < BATCH_SIZE) {
      let userId: string | undefined;
      try {
        const sent = await this.database.db.transaction(async (tx) => {
          userId = await this.repository.claimDue(tx);
          if (!userId) return false;
          const recipient = await this.repository.recipient(userId, tx);
          if (!recipient) return false;
          const entries = await this.repository.unread(userId, tx);
          if (entries.length === 0) return false;
          await this.repository.markEmailed(
            entries.map((entry) => entry.notificationId),
            tx,
          );
          const mail = digestMail(recipient, entries, {
            publicUrl: this.config.publicUrl,
            unsubscribeToken: this.tokens.sign(userId),
          });
          await this.mail.enqueue(tx, mail);
          return true;
        });
        if (!userId) break;
        if (sent) queued++;
      } catch (error) {
        if (!userId) throw error;
        // Rolled back, so the row is back: moved on, it cannot hold up everyone else's digests.
        this.logger.error({ userId, error: messageOf(error) }, 'email digest failed, will retry');
        await this.repository.postpone(userId, RETRY_DELAY_MS);
      }
      taken++;
    }
    if (queued > 0) this.mail.wake();
    return taken;
  }
}
