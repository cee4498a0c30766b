import { Inject, Injectable } from '@nestjs/common';
import { type EmailDigestPolicy, ErrorCode } from '@beseda/protocol';
import { AppError } from '../../common/errors/app-error.js';
import { type RequestContext } from '../../common/http/request-context.js';
import { type RateLimit, RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { type Db } from '../../infra/db/database.js';
import { type Decision } from './notification-rules.js';
import { DIGEST_KINDS, EmailDigestRepository } from './email-digest.repository.js';
import { UnsubscribeTokens } from './unsubscribe-tokens.js';

/** Like the other e-mailed-link endpoints: enough for a person, too few to guess a signature. */
export const unsubscribeAttemptsPerIp: RateLimit = {
  name: 'unsubscribe-ip',
  limit: 30,
  windowMs: 15 * 60_000,
};

/**
 * E-mail digests: scheduling one when a direct message or mention would interrupt someone, and the
 * person's way out of them. The EmailDigestWorker sends them when due.
 */
@Injectable()
export class EmailDigestService {
  constructor(
    private readonly repository: EmailDigestRepository,
    private readonly tokens: UnsubscribeTokens,
    private readonly rateLimiter: RateLimiter,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  policy(): EmailDigestPolicy {
    const delayMs = this.config.emailDigestDelayMs;
    return { available: delayMs !== null, delayMinutes: delayMs === null ? 0 : delayMs / 60_000 };
  }

  /**
   * In the message's transaction: a digest falls due after the delay for everyone this message
   * should interrupt (see notification-rules.ts) with a direct message or a mention. Whether it
   * is still unread is decided when the digest is made, not now.
   */
  async forDecisions(decisions: Decision[], tx: Db): Promise<void> {
    const delayMs = this.config.emailDigestDelayMs;
    if (delayMs === null) return;
    const userIds = decisions
      .filter((decision) => decision.interrupt && (DIGEST_KINDS as readonly string[]).includes(decision.kind))
      .map((decision) => decision.userId);
    await this.repository.schedule(userIds, delayMs, tx);
  }

  /** Turns off the digests of whoever the token was made for. */
  async unsubscribe(token: string, context: RequestContext): Promise<void> {
    await this.rateLimiter.consume(unsubscribeAttemptsPerIp, context.ip);
    const userId = this.tokens.verify(token);
    if (!userId)
      throw new AppError(ErrorCode.invalidUnsubscribeToken, 400, 'This unsubscribe link is not valid');
    // An account deleted since the mail was sent gets no more mail either: done all the same.
    await this.repository.optOut(userId);
  }
}
