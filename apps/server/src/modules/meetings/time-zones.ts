/**
 * Wall-clock arithmetic in IANA time zones with nothing but Intl: what an instant reads on a
 * clock in a zone, and which instant a clock reading is. Enough for recurring meetings; a date
 * library (or Temporal, once Node has it) would be more than these few functions need.
 */

/** A reading of a clock in some zone; month is 1–12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * The zone's canonical name (`europe/berlin` → `Europe/Berlin`), or undefined when Intl does not
 * know it. Offsets such as `+03:00` are refused: they do not follow daylight saving.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function wallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
    millisecond: instant.getUTCMilliseconds(),
  };
}

/** The clock reading as if the zone were UTC, in milliseconds. */
function asUtc(clock: WallClock): number {
  return Date.UTC(
    clock.year,
    clock.month - 1,
    clock.day,
    clock.hour,
    clock.minute,
    clock.second,
    clock.millisecond,
  );
}

/** How far ahead of UTC the zone's clocks are at the instant, in milliseconds. */
function offsetAt(epochMs: number, timeZone: string): number {
  return asUtc(wallClock(new Date(epochMs), timeZone)) - epochMs;
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * The instant the zone's clocks show `clock`. A reading skipped by a change to summer time (02:30
 * in Berlin on the last Sunday of March) moves forward by the gap (to 03:30); a reading that
 * happens twice (02:30 on the last Sunday of October) is the first one. Like Temporal's
 * `disambiguation: 'compatible'`. Assumes no zone changes its offset twice within a day.
 */
export function instantOf(clock: WallClock, timeZone: string): Date {
  const local = asUtc(clock);
  const before = local - offsetAt(local - DAY_MS, timeZone);
  const after = local - offsetAt(local + DAY_MS, timeZone);
  const fits = (candidate: number) => offsetAt(candidate, timeZone) === local - candidate;
  const candidates = [before, after].filter(fits);
  // None fits in a gap: the offset from before the change puts the reading past the gap.
  return new Date(candidates.length > 0 ? Math.min(...candidates) : before);
}

/** The same clock time `days` calendar days later (or earlier) in the zone. */
export function addCalendarDays(clock: WallClock, days: number): WallClock {
  const date = new Date(Date.UTC(clock.year, clock.month - 1, clock.day + days));
  return {
    ...clock,
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
  };
}
