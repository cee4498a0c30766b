import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BusBackend } from './bus.js';

/**
 * The behaviour every Bus/KeyValueStore implementation must have. Each backend's spec runs this
 * suite, so the in-process default and Redis cannot drift apart.
 */
export function describeBusContract(name: string, open: (namespace: string) => Promise<BusBackend>) {
  describe(`${name} bus and store contract`, () => {
    let backend: BusBackend;
    let other: BusBackend;

    beforeEach(async () => {
      // Two connections to one fresh namespace per test: what one writes, the other must see.
      const namespace = randomUUID();
      backend = await open(namespace);
      other = backend.kind === 'memory' ? backend : await open(namespace);
    });

    afterEach(async () => {
      if (other !== backend) await other.close();
      await backend.close();
    });

    describe('pub/sub', () => {
      it('delivers a published message to every subscriber of the channel, in order', async () => {
        const first: string[] = [];
        const second: string[] = [];
        await backend.bus.subscribe('room', (m) => first.push(m));
        await other.bus.subscribe('room', (m) => second.push(m));
        for (const m of ['a', 'b', 'c']) await backend.bus.publish('room', m);
        await vi.waitFor(() => expect(second).toEqual(['a', 'b', 'c']));
        await vi.waitFor(() => expect(first).toEqual(['a', 'b', 'c']));
      });

      it('does not deliver messages of other channels', async () => {
        const received: string[] = [];
        await other.bus.subscribe('one', (m) => received.push(`one:${m}`));
        await other.bus.subscribe('two', (m) => received.push(`two:${m}`));
        await backend.bus.publish('two', 'x');
        await backend.bus.publish('one', 'y');
        await vi.waitFor(() => expect(received).toEqual(['two:x', 'one:y']));
      });

      it('stops delivering to a handler after it unsubscribes, keeping the other handlers', async () => {
        const kept: string[] = [];
        const dropped: string[] = [];
        await other.bus.subscribe('room', (m) => kept.push(m));
        const unsubscribe = await other.bus.subscribe('room', (m) => dropped.push(m));
        await backend.bus.publish('room', 'before');
        await vi.waitFor(() => expect(dropped).toEqual(['before']));
        await unsubscribe();
        await backend.bus.publish('room', 'after');
        await vi.waitFor(() => expect(kept).toEqual(['before', 'after']));
        expect(dropped).toEqual(['before']);
      });

      it('never calls a subscriber synchronously from publish', async () => {
        let called = false;
        await backend.bus.subscribe('room', () => (called = true));
        const publishing = backend.bus.publish('room', 'x');
        expect(called).toBe(false);
        await publishing;
        await vi.waitFor(() => expect(called).toBe(true));
      });
    });

    describe('key-value store', () => {
      it('reads back what was set, from another connection too', async () => {
        expect(await backend.store.get('k')).toBeNull();
        expect(await backend.store.set('k', 'v')).toBe(true);
        expect(await other.store.get('k')).toBe('v');
      });

      it('writes only-if-absent exactly once', async () => {
        expect(await backend.store.set('lock', 'a', { onlyIfAbsent: true })).toBe(true);
        expect(await other.store.set('lock', 'b', { onlyIfAbsent: true })).toBe(false);
        expect(await backend.store.get('lock')).toBe('a');
      });

      it('forgets a key after its time to live', async () => {
        await backend.store.set('short', 'v', { ttlMs: 30 });
        const ttl = await backend.store.ttl('short');
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(30);
        await vi.waitFor(async () => expect(await backend.store.get('short')).toBeNull(), { timeout: 5000 });
        expect(await backend.store.ttl('short')).toBeNull();
      });

      it('reports no ttl for a key without expiry', async () => {
        await backend.store.set('forever', 'v');
        expect(await backend.store.ttl('forever')).toBeNull();
      });

      it('deletes a key and says whether it existed', async () => {
        await backend.store.set('k', 'v');
        expect(await backend.store.delete('k')).toBe(true);
        expect(await backend.store.delete('k')).toBe(false);
        expect(await backend.store.get('k')).toBeNull();
      });

      it('increments atomically under concurrent callers', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => (i % 2 ? backend : other).store.increment('counter')),
        );
        expect(new Set(results).size).toBe(50);
        expect(Math.max(...results)).toBe(50);
        expect(await backend.store.increment('counter', { by: 5 })).toBe(55);
      });

      it('sets the expiry of a counter when it is created and keeps it on later increments', async () => {
        await backend.store.increment('window', { ttlMs: 60_000 });
        const first = await backend.store.ttl('window');
        await backend.store.increment('window', { ttlMs: 1 });
        const second = await backend.store.ttl('window');
        expect(first).toBeGreaterThan(50_000);
        expect(second).toBeGreaterThan(50_000);
        expect(second).toBeLessThanOrEqual(first!);
      });

      it('keeps a bounded list of the newest entries', async () => {
        for (const value of ['1', '2', '3', '4', '5']) {
          await backend.store.append('ring', value, { maxLength: 3 });
        }
        expect(await other.store.list('ring')).toEqual(['3', '4', '5']);
        expect(await backend.store.append('ring', '6', { maxLength: 3, ttlMs: 60_000 })).toBe(3);
        expect(await backend.store.list('ring')).toEqual(['4', '5', '6']);
        expect(await backend.store.ttl('ring')).toBeGreaterThan(0);
        expect(await backend.store.list('missing')).toEqual([]);
        expect(await backend.store.append('ring', ['7', '8'], { maxLength: 3 })).toBe(3);
        expect(await other.store.list('ring')).toEqual(['6', '7', '8']);
      });
    });

    it('answers a ping', async () => {
      await expect(backend.ping()).resolves.toBeUndefined();
    });
  });
}
