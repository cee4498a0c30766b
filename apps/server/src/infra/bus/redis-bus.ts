import { Redis } from 'ioredis';
import {
  type AppendOptions,
  Bus,
  BusBackend,
  type IncrementOptions,
  KeyValueStore,
  type MessageHandler,
  type SetOptions,
} from './bus.js';

/**
 * Lua keeps read-modify-write steps atomic across nodes: the expiry of a fresh counter must be
 * set in the same step that creates it, or a crash in between leaves a counter that never resets.
 */
const incrementScript = `
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if value == tonumber(ARGV[1]) and tonumber(ARGV[2]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return value`;

const appendScript = `
redis.call('RPUSH', KEYS[1], unpack(ARGV, 3))
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[1]), -1)
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return redis.call('LLEN', KEYS[1])`;

class RedisBus extends Bus {
  private readonly handlers = new Map<string, Set<MessageHandler>>();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {
    super();
    subscriber.on('message', (channel: string, message: string) => {
      const handlers = this.handlers.get(channel.slice(this.prefix.length));
      if (handlers) for (const handler of [...handlers]) handler(message);
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publisher.publish(this.prefix + channel, message);
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    const entry: MessageHandler = (message) => handler(message);
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      this.handlers.set(channel, (handlers = new Set()));
      await this.subscriber.subscribe(this.prefix + channel);
    }
    handlers.add(entry);
    return async () => {
      handlers.delete(entry);
      if (handlers.size === 0 && this.handlers.get(channel) === handlers) {
        this.handlers.delete(channel);
        await this.subscriber.unsubscribe(this.prefix + channel);
      }
    };
  }
}

class RedisStore extends KeyValueStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    super();
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  async set(key: string, value: string, options: SetOptions = {}): Promise<boolean> {
    const k = this.prefix + key;
    const { ttlMs, onlyIfAbsent } = options;
    const result =
      ttlMs && onlyIfAbsent
        ? await this.redis.set(k, value, 'PX', ttlMs, 'NX')
        : ttlMs
          ? await this.redis.set(k, value, 'PX', ttlMs)
          : onlyIfAbsent
            ? await this.redis.set(k, value, 'NX')
            : await this.redis.set(k, value);
    return result === 'OK';
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key)) > 0;
  }

  async increment(key: string, options: IncrementOptions = {}): Promise<number> {
    const value = await this.redis.eval(
      incrementScript,
      1,
      this.prefix + key,
      options.by ?? 1,
      options.ttlMs ?? 0,
    );
    return Number(value);
  }

  async ttl(key: string): Promise<number | null> {
    const ms = await this.redis.pttl(this.prefix + key);
    return ms < 0 ? null : ms;
  }

  async append(key: string, value: string | string[], options: AppendOptions): Promise<number> {
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) return (await this.redis.llen(this.prefix + key)) ?? 0;
    const length = await this.redis.eval(
      appendScript,
      1,
      this.prefix + key,
      options.maxLength,
      options.ttlMs ?? 0,
      ...values,
    );
    return Number(length);
  }

  async list(key: string): Promise<string[]> {
    return this.redis.lrange(this.prefix + key, 0, -1);
  }
}

export interface RedisBackendOptions {
  url: string;
  /** Prepended to every key and channel, so several installations or test runs share one Redis. */
  keyPrefix: string;
}

/** Bus and store shared by every node through one Redis server. */
export class RedisBusBackend extends BusBackend {
  readonly kind = 'redis' as const;
  readonly bus: RedisBus;
  readonly store: RedisStore;

  private constructor(
    private readonly commands: Redis,
    private readonly subscriber: Redis,
    prefix: string,
  ) {
    super();
    this.bus = new RedisBus(commands, subscriber, prefix);
    this.store = new RedisStore(commands, prefix);
  }

  static async connect({ url, keyPrefix }: RedisBackendOptions): Promise<RedisBusBackend> {
    // A subscribed connection can only run pub/sub commands, hence two connections.
    const options = { lazyConnect: true, maxRetriesPerRequest: 2, enableAutoPipelining: true } as const;
    const commands = new Redis(url, { ...options, connectionName: 'beseda' });
    const subscriber = new Redis(url, { ...options, connectionName: 'beseda-sub' });
    // ioredis reconnects on its own; without listeners a dropped connection would be an
    // unhandled 'error' event. Readiness reports the failure instead.
    commands.on('error', () => undefined);
    subscriber.on('error', () => undefined);
    try {
      await Promise.all([commands.connect(), subscriber.connect()]);
    } catch (error) {
      commands.disconnect();
      subscriber.disconnect();
      throw new Error(`Cannot connect to Redis at REDIS_URL: ${(error as Error).message}`);
    }
    return new RedisBusBackend(commands, subscriber, keyPrefix);
  }

  async ping(): Promise<void> {
    await this.commands.ping();
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.commands.quit(), this.subscriber.quit()]);
  }
}
