import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@beseda/protocol';
import { KeyValueStore } from '../../infra/bus/bus.js';
import { AppError } from '../errors/app-error.js';

export interface RateLimit {
  /** Names the limit in keys and logs, e.g. `client-errors`. */
  name: string;
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/**
 * Fixed-window counters in the shared key-value store, so a limit holds across every node
 * (Redis in production). Windows are coarse but need one atomic step per request.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly store: KeyValueStore) {}

  /** Counts one hit for `subject` and throws 429 rate_limited with Retry-After once over the limit. */
  async consume(limit: RateLimit, subject: string): Promise<void> {
    const hits = await this.hit(limit, subject);
    if (hits > limit.limit) await this.reject(limit, subject);
  }

  /**
   * Throws 429 when `subject` has already used up its allowance, without counting this request.
   * With `hit`, this limits only failures (wrong passwords), so a user who types correctly is
   * never locked out by the limit itself.
   */
  async check(limit: RateLimit, subject: string): Promise<void> {
    const hits = Number((await this.store.get(this.key(limit, subject))) ?? 0);
    if (hits >= limit.limit) await this.reject(limit, subject);
  }

  /** Counts one hit and returns the hits in the current window. */
  hit({ name, windowMs }: RateLimit, subject: string): Promise<number> {
    return this.store.increment(this.key({ name }, subject), { ttlMs: windowMs });
  }

  private key({ name }: Pick<RateLimit, 'name'>, subject: string) {
    return `ratelimit:${name}:${subject}`;
  }

  private async reject(limit: RateLimit, subject: string): Promise<never> {
    const remainingMs = (await this.store.ttl(this.key(limit, subject))) ?? limit.windowMs;
    const retryAfter = Math.max(1, Math.ceil(remainingMs / 1000));
    throw new AppError(ErrorCode.rateLimited, 429, `Too many attempts; retry in ${retryAfter} s`, undefined, {
      'Retry-After': String(retryAfter),
    });
  }
}
