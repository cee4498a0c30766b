import { describe, expect, it } from 'vitest';
import { afterMeeting, nextOccurrence } from './meeting-schedule.js';

const at = (iso: string) => new Date(iso);

describe('nextOccurrence', () => {
  it('is the first start after the given time, on the same weekday and time of day', () => {
    const monday = at('2026-11-30T07:00:00Z');
    expect(nextOccurrence(monday, 'weekly', at('2026-11-30T08:00:00Z'))).toEqual(at('2026-12-07T07:00:00Z'));
    expect(nextOccurrence(monday, 'weekly', at('2027-01-01T00:00:00Z'))).toEqual(at('2027-01-04T07:00:00Z'));
    expect(nextOccurrence(monday, 'daily', at('2026-12-02T06:59:00Z'))).toEqual(at('2026-12-02T07:00:00Z'));
    expect(nextOccurrence(monday, 'daily', at('2026-12-02T07:00:00Z'))).toEqual(at('2026-12-03T07:00:00Z'));
  });

  it('is the start itself while that is still ahead', () => {
    expect(nextOccurrence(at('2026-12-10T07:00:00Z'), 'weekly', at('2026-12-01T00:00:00Z'))).toEqual(
      at('2026-12-10T07:00:00Z'),
    );
  });
});

describe('afterMeeting', () => {
  const now = at('2026-11-30T08:00:00Z');
  it('ends a one-off or instant meeting', () => {
    expect(afterMeeting({ recurrence: 'none', startsAt: at('2026-11-30T07:00:00Z') }, now)).toEqual({
      status: 'ended',
      endedAt: now,
    });
    expect(afterMeeting({ recurrence: 'weekly', startsAt: null }, now)).toEqual({
      status: 'ended',
      endedAt: now,
    });
  });

  it('schedules a recurring meeting again at its next occurrence', () => {
    expect(afterMeeting({ recurrence: 'weekly', startsAt: at('2026-11-30T07:00:00Z') }, now)).toEqual({
      status: 'scheduled',
      endedAt: now,
      startsAt: at('2026-12-07T07:00:00Z'),
    });
  });
});
