import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type Logger } from 'pino';
import { messageOf, PollingLoop } from '../../common/jobs/polling-loop.js';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { Database } from '../../infra/db/database.js';
import { LOGGER } from '../../infra/infra.module.js';
import { AccountBlocking } from '../auth/account-blocking.js';
import { MeetingsRepository } from './meetings.repository.js';

/** Guests are ended within minutes of their meeting: soon enough, and idle nodes stay quiet. */
export const GUEST_EXPIRY_POLL_INTERVAL_MS = 5 * 60_000;
const BATCH_SIZE = 20;
/** The revocation reason, as sessions and the activity log record it. */
export const GUEST_EXPIRED_REASON = 'guest_expired';

/**
 * Ends the guest accounts made for meetings (MeetingGuestsService) once they are no longer
 * needed: their meeting is over, or they have not been in a meeting for GUEST_ACCOUNT_TTL_HOURS.
 * Ending is blocking (AccountBlocking): no sign-in, every session and refresh token refused, live
 * sockets closed on every node. The user row stays, so attendance and the meeting chat still show
 * the guest's name. Every node runs it; each account is one transaction that takes its row with
 * SKIP LOCKED, so no two nodes end the same one.
 */
@Injectable()
export class MeetingGuestsExpiry implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PollingLoop;

  constructor(
    private readonly database: Database,
    private readonly meetings: MeetingsRepository,
    private readonly blocking: AccountBlocking,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PollingLoop({
      name: 'guest account expiry failed',
      intervalMs: GUEST_EXPIRY_POLL_INTERVAL_MS,
      runOnce: () => this.runOnce(),
      batchSize: BATCH_SIZE,
      logger,
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Ends up to one batch of guest accounts; returns how many. `now` is for tests. */
  async runOnce(now = new Date()): Promise<number> {
    const idleSince = new Date(now.getTime() - this.config.meetings.guestAccountTtlMs);
    let ended = 0;
    while (ended < BATCH_SIZE) {
      const done = await this.database.db.transaction(async (tx) => {
        const userId = await this.meetings.claimExpiredGuest(idleSince, tx);
        if (!userId) return undefined;
        const sessionIds = await this.blocking.blockBySystem(userId, GUEST_EXPIRED_REASON, tx);
        await this.meetings.markGuestExpired(userId, tx);
        return { userId, sessionIds };
      });
      if (!done) break;
      ended++;
      try {
        await this.blocking.announceRevoked(done.userId, done.sessionIds, GUEST_EXPIRED_REASON);
      } catch (error) {
        // The account is blocked in the database, which every request checks; only sockets stay open.
        this.logger.warn({ userId: done.userId, error: messageOf(error) }, 'guest sign-out not announced');
      }
    }
    if (ended > 0) this.logger.info({ ended }, 'guest accounts ended');
    return ended;
  }
}
