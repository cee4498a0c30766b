import {
  type AppendOptions,
  Bus,
  BusBackend,
  type IncrementOptions,
  KeyValueStore,
  type MessageHandler,
  type SetOptions,
} from './bus.js';

class MemoryBus extends Bus {
  private readonly channels = new Map<string, Set<MessageHandler>>();

  async publish(channel: string, message: string): Promise<void> {
    const handlers = this.channels.get(channel);
    if (!handlers) return;
    // Delivered on a later tick, as over Redis: a publisher never re-enters its own handler.
    for (const handler of [...handlers]) queueMicrotask(() => handler(message));
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    // Each subscription is its own entry, so one handler subscribed twice is also called twice
    // and unsubscribing one leaves the other.
    const entry: MessageHandler = (message) => handler(message);
    let handlers = this.channels.get(channel);
    if (!handlers) this.channels.set(channel, (handlers = new Set()));
    handlers.add(entry);
    return async () => {
      handlers.delete(entry);
      if (handlers.size === 0) this.channels.delete(channel);
    };
  }
}

interface Entry {
  value: string | string[];
  expiresAt: number | undefined;
}

class MemoryStore extends KeyValueStore {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number) {
    super();
    // Reads check expiry themselves; the sweep only keeps keys nobody reads again from piling up.
    this.sweeper = setInterval(() => this.sweep(), 60_000).unref();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep() {
    for (const key of this.entries.keys()) this.live(key);
  }

  async get(key: string): Promise<string | null> {
    const entry = this.live(key);
    if (!entry) return null;
    if (Array.isArray(entry.value)) throw new Error(`Key ${key} holds a list, not a string`);
    return entry.value;
  }

  async set(key: string, value: string, options: SetOptions = {}): Promise<boolean> {
    if (options.onlyIfAbsent && this.live(key)) return false;
    this.entries.set(key, { value, expiresAt: options.ttlMs ? this.now() + options.ttlMs : undefined });
    return true;
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.live(key) !== undefined;
    this.entries.delete(key);
    return existed;
  }

  async increment(key: string, options: IncrementOptions = {}): Promise<number> {
    const entry = this.live(key);
    const current = entry === undefined ? 0 : Number(entry.value);
    if (!Number.isInteger(current)) throw new Error(`Key ${key} does not hold an integer`);
    const next = current + (options.by ?? 1);
    this.entries.set(key, {
      value: String(next),
      expiresAt: entry ? entry.expiresAt : options.ttlMs ? this.now() + options.ttlMs : undefined,
    });
    return next;
  }

  async ttl(key: string): Promise<number | null> {
    const entry = this.live(key);
    if (entry?.expiresAt === undefined) return null;
    return entry.expiresAt - this.now();
  }

  async append(key: string, value: string | string[], options: AppendOptions): Promise<number> {
    const entry = this.live(key);
    if (entry && !Array.isArray(entry.value)) throw new Error(`Key ${key} holds a string, not a list`);
    const list = entry ? (entry.value as string[]) : [];
    list.push(...(Array.isArray(value) ? value : [value]));
    if (list.length > options.maxLength) list.splice(0, list.length - options.maxLength);
    this.entries.set(key, {
      value: list,
      expiresAt: options.ttlMs ? this.now() + options.ttlMs : entry?.expiresAt,
    });
    return list.length;
  }

  async list(key: string): Promise<string[]> {
    const entry = this.live(key);
    if (!entry) return [];
    if (!Array.isArray(entry.value)) throw new Error(`Key ${key} holds a string, not a list`);
    return [...entry.value];
  }

  close() {
    clearInterval(this.sweeper);
    this.entries.clear();
  }
}

/** Single-node bus and store living in this process: the embedded default. */
export class MemoryBusBackend extends BusBackend {
  readonly kind = 'memory' as const;
  readonly bus = new MemoryBus();
  readonly store: MemoryStore;

  constructor(now: () => number = Date.now) {
    super();
    this.store = new MemoryStore(now);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.store.close();
  }
}
