import { type Logger } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { PollingLoop } from './polling-loop.js';

const logger = { error: vi.fn() } as unknown as Logger;

describe('PollingLoop', () => {
  it('drains full batches at once, runs again when woken mid-batch, and stop waits for the batch', async () => {
    const batches = [2, 2, 1];
    let release: () => void = () => undefined;
    let calls = 0;
    const runOnce = vi.fn(async () => {
      calls++;
      // The third call blocks until released, so the test can wake the loop mid-batch.
      if (calls === 3) await new Promise<void>((resolve) => (release = resolve));
      return batches.shift() ?? 0;
    });
    const loop = new PollingLoop({ name: 'poll failed', intervalMs: 60_000, runOnce, batchSize: 2, logger });
    loop.start();
    // Two full batches, then the third (short) one is in flight.
    await vi.waitFor(() => expect(calls).toBe(3));
    loop.wake();
    release();
    // Woken during the batch: the next round comes at once, not after the minute's interval.
    await vi.waitFor(() => expect(calls).toBe(4));
    const stopped = loop.stop();
    await stopped;
    loop.wake();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(4);
  });

  it('logs a failed round and keeps polling', async () => {
    let calls = 0;
    const runOnce = async () => {
      calls++;
      if (calls === 1) throw new Error('database away');
      return 0;
    };
    const loop = new PollingLoop({ name: 'poll failed', intervalMs: 10, runOnce, batchSize: 5, logger });
    loop.start();
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2));
    expect(logger.error).toHaveBeenCalledWith({ error: 'database away' }, 'poll failed');
    await loop.stop();
  });
});
