export interface BackoffPolicy {
  /** The ceiling of the first retry's delay. */
  baseMs: number;
  /** No ceiling grows past this. */
  capMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

/**
 * Exponential backoff with full jitter: a delay drawn uniformly from [0, min(cap, base · 2^attempt)).
 * Spreading the retries over the whole window keeps a fleet of clients that lost the server at the
 * same moment from coming back at the same moment.
 *
 * @param attempt 0 for the first retry after a connection was lost.
 * @param random a source in [0, 1), injectable so tests can pin the jitter.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
