import { availableParallelism } from 'node:os';
import { Injectable } from '@nestjs/common';
import { type Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum, which isolatedModules cannot read: spell the value out.
const ARGON2ID = 2 satisfies Algorithm;
const ARGON2_VERSION_0X13 = 1;

/** OWASP's Argon2id baseline: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_PARAMS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * A hash of a random password made with ARGON2_PARAMS. Verifying against it costs what a real
 * verification costs; a spec fails if the parameters change and this is not regenerated.
 */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$y1R4KZSrf/BGv28nGVRY7g$bEnqYweCFtzyNhOvv9fcQ+mSFa5WhkV03E0WmOBm018';

/**
 * Runs at most `limit` tasks at once; the rest wait in order. Hashing is CPU-bound: the thread
 * pool would otherwise run four at once on a two-core machine and starve the event loop of CPU,
 * delaying every other request during a login storm.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/**
 * Argon2id password hashing. The async @node-rs/argon2 calls run on the libuv thread pool, so
 * a login never blocks the event loop while a hash is computed; and at most all cores but one
 * hash at a time, so the event loop always has a core to itself.
 */
@Injectable()
export class PasswordHasher {
  private readonly slots = new ConcurrencyLimit(Math.max(1, availableParallelism() - 1));

  hash(password: string): Promise<string> {
    return this.slots.run(() => hash(normalize(password), ARGON2_PARAMS));
  }

  /** False for a wrong password and for a hash that cannot be parsed; never throws. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await this.slots.run(() => verify(passwordHash, normalize(password)));
    } catch {
      return false;
    }
  }

  /**
   * Spends the work of a real verification and answers false, so a login for an unknown account
   * takes as long as a wrong password for a known one (no account enumeration by timing).
   */
  async verifyDummy(password: string): Promise<false> {
    await this.verify(DUMMY_HASH, password);
    return false;
  }

  /** True when the hash was made with weaker (or unreadable) parameters: rehash after a successful login. */
  needsRehash(passwordHash: string): boolean {
    try {
      const used = parseOptions(passwordHash);
      return (
        used.algorithm !== ARGON2_PARAMS.algorithm ||
        used.version !== ARGON2_VERSION_0X13 ||
        used.memoryCost < ARGON2_PARAMS.memoryCost ||
        used.timeCost < ARGON2_PARAMS.timeCost
      );
    } catch {
      return true;
    }
  }
}

// NIST SP 800-63B asks for Unicode normalization: "й" typed on one keyboard may arrive as one code
// point and on another as "и" plus a combining breve; both must verify against the same hash.
function normalize(password: string): string {
  return password.normalize('NFKC');
}
