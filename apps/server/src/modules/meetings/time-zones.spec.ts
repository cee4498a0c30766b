import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, instantOf, wallClock } from './time-zones.js';

describe('time zones', () => {
  it('knows IANA zones by their canonical name and refuses anything else', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(canonicalTimeZone('+03:00')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
  });

  it('reads and turns back a clock in a zone', () => {
    const instant = new Date('2026-07-01T08:00:00.250Z');
    const clock = wallClock(instant, 'Europe/Moscow');
    expect(clock).toEqual({ year: 2026, month: 7, day: 1, hour: 11, minute: 0, second: 0, millisecond: 250 });
    expect(instantOf(clock, 'Europe/Moscow')).toEqual(instant);
  });
});
