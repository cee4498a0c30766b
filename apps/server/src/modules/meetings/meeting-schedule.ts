import { type MeetingRow } from './meetings.repository.js';

const DAY_MS = 24 * 60 * 60_000;
const periods = { daily: DAY_MS, weekly: 7 * DAY_MS } as const;

/**
 * The first occurrence of a recurring meeting that starts after `after`, keeping its time of day
 * and weekday in UTC. (A meeting across a daylight-saving change moves by an hour in local time;
 * recurrence in the organiser's time zone is not built.)
 */
export function nextOccurrence(startsAt: Date, recurrence: 'daily' | 'weekly', after: Date): Date {
  const period = periods[recurrence];
  if (startsAt > after) return startsAt;
  const steps = Math.floor((after.getTime() - startsAt.getTime()) / period) + 1;
  return new Date(startsAt.getTime() + steps * period);
}

/**
 * What a meeting becomes when it is over (the last person left, or the host ended it): a one-off
 * meeting has ended; a recurring one is scheduled again at its next occurrence, so it stays among
 * the upcoming meetings with the same code and chat.
 */
export function afterMeeting(meeting: Pick<MeetingRow, 'recurrence' | 'startsAt'>, now: Date) {
  if (meeting.recurrence === 'none' || !meeting.startsAt) {
    return { status: 'ended' as const, endedAt: now };
  }
  return {
    status: 'scheduled' as const,
    endedAt: now,
    startsAt: nextOccurrence(meeting.startsAt, meeting.recurrence, now),
  };
}
