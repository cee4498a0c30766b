import ical, { ICalCalendarMethod, ICalEventRepeatingFreq, ICalEventStatus } from 'ical-generator';
import { meetingUrl } from './meetings.mapper.js';
import { type MeetingRow } from './meetings.repository.js';

const frequencies = {
  daily: ICalEventRepeatingFreq.DAILY,
  weekly: ICalEventRepeatingFreq.WEEKLY,
} as const;

/**
 * The meeting as an iCalendar file (RFC 5545) to add to a calendar: one event with the join link
 * in its location, URL and description, repeating when the meeting recurs. The UID is stable, so
 * importing the file again after a change updates the event; a cancelled meeting is a CANCEL.
 * An instant meeting is placed at the time it started, or was created.
 */
export function meetingCalendar(meeting: MeetingRow, publicUrl: string, host: string): string {
  const url = meetingUrl(publicUrl, meeting.code);
  const start = meeting.startsAt ?? meeting.startedAt ?? meeting.createdAt;
  const cancelled = meeting.status === 'cancelled';
  const calendar = ical({
    prodId: { company: 'Beseda', product: 'Meetings', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  calendar.createEvent({
    id: `${meeting.id}@${host}`,
    start,
    end: new Date(start.getTime() + meeting.durationMinutes * 60_000),
    summary: meeting.title,
    description: [meeting.description, url].filter(Boolean).join('\n\n'),
    location: url,
    url,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    repeating: meeting.recurrence === 'none' ? null : { freq: frequencies[meeting.recurrence] },
    stamp: meeting.createdAt,
  });
  return calendar.toString();
}
