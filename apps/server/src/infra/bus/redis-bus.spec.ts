import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeBusContract } from './bus.contract.js';
import { RedisBusBackend } from './redis-bus.js';

const url = process.env.TEST_REDIS_URL;

describe.runIf(url)('Redis backend', () => {
  // One prefix per test: tests share the server and must not see each other's keys.
  describeBusContract('Redis', (namespace) =>
    RedisBusBackend.connect({ url: url!, keyPrefix: `beseda-test:${namespace}:` }),
  );

  it('keeps keys of different prefixes apart', async () => {
    const a = await RedisBusBackend.connect({ url: url!, keyPrefix: `beseda-test:${randomUUID()}:` });
    const b = await RedisBusBackend.connect({ url: url!, keyPrefix: `beseda-test:${randomUUID()}:` });
    try {
      await a.store.set('k', 'a');
      expect(await b.store.get('k')).toBeNull();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('Redis backend without a server', () => {
  it('fails to connect with a message naming REDIS_URL', async () => {
    await expect(RedisBusBackend.connect({ url: 'redis://127.0.0.1:1', keyPrefix: 'x:' })).rejects.toThrow(
      /REDIS_URL/,
    );
  });
});
