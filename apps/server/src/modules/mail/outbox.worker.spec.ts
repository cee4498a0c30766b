import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './outbox.worker.js';

describe('retryDelayMs', () => {
  it('doubles from 5 s after each failed attempt', () => {
    expect([1, 2, 3, 4, 7].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000, 320_000]);
  });

  it('never waits more than an hour', () => {
    expect(retryDelayMs(11)).toBe(3_600_000);
    expect(retryDelayMs(50)).toBe(3_600_000);
  });
});
