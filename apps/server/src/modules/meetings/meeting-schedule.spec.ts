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

describe('nextOccurrence in a time zone', () => {
  // 2026: Europe/Berlin goes to summer time on 29 March and back on 25 October;
  // America/New_York on 8 March and 1 November.
  it('keeps 10:00 in Berlin across the change to summer time in March', () => {
    const monday = at('2026-03-23T09:00:00Z'); // 10:00 CET
    expect(nextOccurrence(monday, 'weekly', at('2026-03-23T10:00:00Z'), 'Europe/Berlin')).toEqual(
      at('2026-03-30T08:00:00Z'), // 10:00 CEST
    );
    expect(nextOccurrence(monday, 'daily', at('2026-03-28T10:00:00Z'), 'Europe/Berlin')).toEqual(
      at('2026-03-29T08:00:00Z'),
    );
    // Many weeks on, from the original start.
    expect(nextOccurrence(monday, 'weekly', at('2026-06-01T00:00:00Z'), 'Europe/Berlin')).toEqual(
      at('2026-06-01T08:00:00Z'),
    );
  });

  it('keeps 10:00 in Berlin across the change back in October', () => {
    const monday = at('2026-10-19T08:00:00Z'); // 10:00 CEST
    expect(nextOccurrence(monday, 'weekly', at('2026-10-19T09:00:00Z'), 'Europe/Berlin')).toEqual(
      at('2026-10-26T09:00:00Z'), // 10:00 CET
    );
    // Just after the old UTC time of the next occurrence but before its new one: still that one.
    expect(nextOccurrence(monday, 'weekly', at('2026-10-26T08:30:00Z'), 'Europe/Berlin')).toEqual(
      at('2026-10-26T09:00:00Z'),
    );
  });

  it('keeps 09:00 in New York across both changes', () => {
    const friday = at('2026-03-06T14:00:00Z'); // 09:00 EST
    expect(nextOccurrence(friday, 'weekly', at('2026-03-06T15:00:00Z'), 'America/New_York')).toEqual(
      at('2026-03-13T13:00:00Z'), // 09:00 EDT
    );
    const autumn = at('2026-10-30T13:00:00Z'); // 09:00 EDT
    expect(nextOccurrence(autumn, 'daily', at('2026-10-31T14:00:00Z'), 'America/New_York')).toEqual(
      at('2026-11-01T14:00:00Z'), // 09:00 EST
    );
  });

  it('moves a time skipped by the change forward by the gap, and keeps it afterwards', () => {
    const daily = at('2026-03-28T01:30:00Z'); // 02:30 CET
    // 02:30 does not exist on 29 March: 03:30 CEST.
    expect(nextOccurrence(daily, 'daily', at('2026-03-28T02:00:00Z'), 'Europe/Berlin')).toEqual(
      at('2026-03-29T01:30:00Z'),
    );
    expect(nextOccurrence(daily, 'daily', at('2026-03-29T02:00:00Z'), 'Europe/Berlin')).toEqual(
      at('2026-03-30T00:30:00Z'), // 02:30 CEST
    );
  });

  it('takes the first of a time that happens twice', () => {
    const daily = at('2026-10-24T00:30:00Z'); // 02:30 CEST
    expect(nextOccurrence(daily, 'daily', at('2026-10-24T01:00:00Z'), 'Europe/Berlin')).toEqual(
      at('2026-10-25T00:30:00Z'), // 02:30 CEST, not 02:30 CET an hour later
    );
  });

  it('is the UTC recurrence in UTC', () => {
    const monday = at('2026-03-23T09:00:00Z');
    expect(nextOccurrence(monday, 'weekly', at('2026-03-23T10:00:00Z'), 'UTC')).toEqual(
      at('2026-03-30T09:00:00Z'),
    );
  });
});

describe('afterMeeting', () => {
  const now = at('2026-11-30T08:00:00Z');
  it('ends a one-off or instant meeting', () => {
    expect(
      afterMeeting({ recurrence: 'none', startsAt: at('2026-11-30T07:00:00Z'), timeZone: 'UTC' }, now),
    ).toEqual({
      status: 'ended',
      endedAt: now,
    });
    expect(afterMeeting({ recurrence: 'weekly', startsAt: null, timeZone: 'UTC' }, now)).toEqual({
      status: 'ended',
      endedAt: now,
    });
  });

  it('schedules a recurring meeting again at its next occurrence', () => {
    expect(
      afterMeeting({ recurrence: 'weekly', startsAt: at('2026-11-30T07:00:00Z'), timeZone: 'UTC' }, now),
    ).toEqual({
      status: 'scheduled',
      endedAt: now,
      startsAt: at('2026-12-07T07:00:00Z'),
    });
  });

  it('schedules it at the same local time in its time zone', () => {
    const ending = at('2026-03-23T10:00:00Z');
    expect(
      afterMeeting(
        { recurrence: 'weekly', startsAt: at('2026-03-23T09:00:00Z'), timeZone: 'Europe/Berlin' },
        ending,
      ),
    ).toEqual({ status: 'scheduled', endedAt: ending, startsAt: at('2026-03-30T08:00:00Z') });
  });
});
