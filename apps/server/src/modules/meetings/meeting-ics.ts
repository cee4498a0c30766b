import ical, {
  ICalCalendarMethod,
  type ICalDateTimeValue,
  ICalEventRepeatingFreq,
  ICalEventStatus,
  type ICalTemporalPlainDateTimeStub,
  type ICalTemporalZonedDateTimeStub,
} from 'ical-generator';
import { meetingUrl } from './meetings.mapper.js';
import { type MeetingRow } from './meetings.repository.js';
import { wallClock } from './time-zones.js';

const frequencies = {
  daily: ICalEventRepeatingFreq.DAILY,
  weekly: ICalEventRepeatingFreq.WEEKLY,
} as const;

/**
 * The meeting as an iCalendar file (RFC 5545) to add to a calendar: one event with the join link
 * in its location, URL and description, repeating when the meeting recurs. The UID is stable, so
 * importing the file again after a change updates the event; a cancelled meeting is a CANCEL.
 * An instant meeting is placed at the time it started, or was created. A recurring meeting is
 * written in its time zone (DTSTART;TZID=Europe/Berlin:…T100000), so calendars repeat it at the
 * same local time across daylight-saving changes, as the server does.
 */
export function meetingCalendar(meeting: MeetingRow, publicUrl: string, host: string): string {
  const url = meetingUrl(publicUrl, meeting.code);
  const start = meeting.startsAt ?? meeting.startedAt ?? meeting.createdAt;
  const end = new Date(start.getTime() + meeting.durationMinutes * 60_000);
  const zone = meeting.recurrence !== 'none' && meeting.timeZone !== 'UTC' ? meeting.timeZone : null;
  const cancelled = meeting.status === 'cancelled';
  const calendar = ical({
    prodId: { company: 'Beseda', product: 'Meetings', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  calendar.createEvent({
    id: `${meeting.id}@${host}`,
    start: zone ? zonedDateTime(start, zone) : start,
    end: zone ? zonedDateTime(end, zone) : end,
    timezone: zone,
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

/**
 * The instant as a clock reading in the zone, in the shape of a Temporal.ZonedDateTime, which
 * ical-generator writes as that reading with TZID. (Given a Date and a zone, it would write the
 * reading of the server's own clock instead.)
 */
function zonedDateTime(instant: Date, timeZone: string): ICalDateTimeValue {
  const fields = wallClock(instant, timeZone);
  const { year, month, day, hour, minute, second } = fields;
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  const local = `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
  const plain: ICalTemporalPlainDateTimeStub = {
    ...fields,
    toPlainDate: () => ({ year, month, day, toString: () => date, toJSON: () => date }),
    toZonedDateTime: () => zoned,
    toString: () => local,
    toJSON: () => local,
  };
  const zoned: ICalTemporalZonedDateTimeStub = {
    ...fields,
    timeZoneId: timeZone,
    toPlainDateTime: () => plain,
    withTimeZone: (other) => zonedDateTime(instant, other) as ICalTemporalZonedDateTimeStub,
    toInstant: () => ({
      epochMilliseconds: instant.getTime(),
      toString: () => instant.toISOString(),
      toJSON: () => instant.toISOString(),
      toZonedDateTimeISO: (other) => zonedDateTime(instant, other) as ICalTemporalZonedDateTimeStub,
    }),
    toString: () => `${local}[${timeZone}]`,
    toJSON: () => `${local}[${timeZone}]`,
  };
  return zoned;
}
