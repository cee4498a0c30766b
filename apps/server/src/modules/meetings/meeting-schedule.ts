import { type MeetingRow } from './meetings.repository.js';
import { addCalendarDays, instantOf, wallClock } from './time-zones.js';

const DAY_MS = 24 * 60 * 60_000;
const periodDays = { daily: 1, weekly: 7 } as const;

/**
 * The first occurrence of a recurring meeting that starts after `after`: the same time of day on
 * the clocks of the meeting's time zone, every day or on the same weekday, so a weekly 10:00 in
 * Berlin stays at 10:00 there across daylight-saving changes (and moves by an hour in UTC).
 * A time that does not exist on some day (skipped by the change to summer time) is moved forward
 * by the gap for that day; a time that happens twice is the first.
 */
export function nextOccurrence(
  startsAt: Date,
  recurrence: 'daily' | 'weekly',
  after: Date,
  timeZone = 'UTC',
): Date {
  if (startsAt > after) return startsAt;
  const days = periodDays[recurrence];
  const clock = wallClock(startsAt, timeZone);
  const occurrence = (step: number) => instantOf(addCalendarDays(clock, step * days), timeZone);
  // A period in a zone is its length in UTC give or take an offset change, so the estimate is at
  // most one step off either way.
  let step = Math.floor((after.getTime() - startsAt.getTime()) / (days * DAY_MS)) + 1;
  while (step > 1 && occurrence(step - 1) > after) step--;
  while (occurrence(step) <= after) step++;
  return occurrence(step);
}

/**
 * What a meeting becomes when it is over (the last person left, or the host ended it): a one-off
 * meeting has ended; a recurring one is scheduled again at its next occurrence, so it stays among
 * the upcoming meetings with the same code and chat.
 */
export function afterMeeting(meeting: Pick<MeetingRow, 'recurrence' | 'startsAt' | 'timeZone'>, now: Date) {
  if (meeting.recurrence === 'none' || !meeting.startsAt) {
    return { status: 'ended' as const, endedAt: now };
  }
  return {
    status: 'scheduled' as const,
    endedAt: now,
    startsAt: nextOccurrence(meeting.startsAt, meeting.recurrence, now, meeting.timeZone),
  };
}
