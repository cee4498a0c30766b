/** Called for each message published on a channel this node subscribed to. */
export type MessageHandler = (message: string) => void;

/**
 * Publish/subscribe between server nodes. In-process by default (one node); Redis when
 * REDIS_URL is set, so every node receives what any node publishes. Delivery is at-most-once:
 * the database stays the source of truth and clients catch up from it after a gap.
 */
export abstract class Bus {
  abstract publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active; the returned function unsubscribes this handler. */
  abstract subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
}

export interface SetOptions {
  /** Expire the key after this many milliseconds; no expiry when absent. */
  ttlMs?: number;
  /** Write only if the key does not exist yet; `set` then reports whether it wrote. */
  onlyIfAbsent?: boolean;
}

export interface IncrementOptions {
  by?: number;
  /** Expiry set when the increment creates the key (a fixed window for rate limits). */
  ttlMs?: number;
}

export interface AppendOptions {
  /** Oldest entries beyond this count are dropped, so the list is a bounded ring. */
  maxLength: number;
  /** Expiry refreshed on every append. */
  ttlMs?: number;
}

/**
 * Small shared key-value store with expiry, for state every node must see: presence, rate
 * limit counters, resume buffers. Not for anything that must survive a Redis restart.
 */
export abstract class KeyValueStore {
  abstract get(key: string): Promise<string | null>;
  /** Returns false only when `onlyIfAbsent` is set and the key already existed. */
  abstract set(key: string, value: string, options?: SetOptions): Promise<boolean>;
  /** Returns whether the key existed. */
  abstract delete(key: string): Promise<boolean>;
  /** Atomically adds to an integer counter (missing counts as 0) and returns the new value. */
  abstract increment(key: string, options?: IncrementOptions): Promise<number>;
  /** Remaining lifetime in milliseconds; null when the key is missing or never expires. */
  abstract ttl(key: string): Promise<number | null>;
  /** Appends one or several values, in order, to a bounded list; returns its length after trimming. */
  abstract append(key: string, value: string | string[], options: AppendOptions): Promise<number>;
  /** Entries of a list from oldest to newest; empty when the key is missing. */
  abstract list(key: string): Promise<string[]>;
}

/** Lifecycle and health of the backend behind Bus and KeyValueStore. */
export abstract class BusBackend {
  abstract readonly kind: 'memory' | 'redis';
  abstract readonly bus: Bus;
  abstract readonly store: KeyValueStore;
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}
