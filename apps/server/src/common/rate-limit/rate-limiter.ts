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
  async consume({ name, limit, windowMs }: RateLimit, subject: string): Promise<void> {
    const key = `ratelimit:${name}:${subject}`;
    const hits = await this.store.increment(key, { ttlMs: windowMs });
    if (hits <= limit) return;
    const remainingMs = (await this.store.ttl(key)) ?? windowMs;
    const retryAfter = Math.max(1, Math.ceil(remainingMs / 1000));
    throw new AppError(ErrorCode.rateLimited, 429, `Too many requests; retry in ${retryAfter} s`, undefined, {
      'Retry-After': String(retryAfter),
    });
  }
}
