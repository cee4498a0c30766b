import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { meetingCalendar } from './meeting-ics.js';
import { type MeetingRow } from './meetings.repository.js';

const meeting = (changes: Partial<MeetingRow> = {}): MeetingRow => ({
  id: '0190a1b2-0000-7000-8000-000000000001',
  code: 'abc-defg-hij',
  title: 'Планёрка; weekly, sync',
  description: 'Agenda:\nreleases',
  hostId: '0190a1b2-0000-7000-8000-000000000002',
  startsAt: new Date('2026-12-01T07:00:00Z'),
  durationMinutes: 45,
  recurrence: 'weekly',
  timeZone: 'UTC',
  access: 'organisation',
  passcode: null,
  allowGuests: false,
  status: 'scheduled',
  locked: false,
  chatId: '0190a1b2-0000-7000-8000-000000000003',
  originChatId: null,
  createdAt: new Date('2026-11-29T10:00:00Z'),
  startedAt: null,
  endedAt: null,
  ...changes,
});

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  return { calendar, event };
}

describe('meetingCalendar', () => {
  it('is one event a calendar reads back: title, times, link, weekly rule', () => {
    const { calendar, event } = parse(
      meetingCalendar(meeting(), 'https://chat.example.org', 'chat.example.org'),
    );
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(event.uid).toBe('0190a1b2-0000-7000-8000-000000000001@chat.example.org');
    expect(event.summary).toBe('Планёрка; weekly, sync');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-01T07:45:00.000Z');
    expect(event.location).toBe('https://chat.example.org/m/abc-defg-hij');
    expect(event.description).toBe('Agenda:\nreleases\n\nhttps://chat.example.org/m/abc-defg-hij');
    expect(event.component.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=WEEKLY');
  });

  it('writes a recurring meeting in its time zone, at the local time it keeps', () => {
    const text = meetingCalendar(
      meeting({ timeZone: 'Europe/Berlin', startsAt: new Date('2026-12-01T09:00:00Z') }),
      'https://x.org',
      'x.org',
    );
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20261201T100000');
    const { event } = parse(text);
    const zoneOf = (name: string) => event.component.getFirstProperty(name)?.getParameter('tzid');
    expect(zoneOf('dtstart')).toBe('Europe/Berlin');
    expect(event.startDate.toString()).toBe('2026-12-01T10:00:00');
    expect(zoneOf('dtend')).toBe('Europe/Berlin');
    expect(event.endDate.toString()).toBe('2026-12-01T10:45:00');
    expect(event.component.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=WEEKLY');
  });

  it('writes a one-off meeting in UTC whatever its time zone', () => {
    const text = meetingCalendar(
      meeting({ timeZone: 'Europe/Berlin', recurrence: 'none' }),
      'https://x.org',
      'x.org',
    );
    expect(text).toContain('DTSTART:20261201T070000Z');
    const { event } = parse(text);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-01T07:00:00.000Z');
  });

  it('says when a meeting was cancelled, and does not repeat a one-off', () => {
    const { calendar, event } = parse(
      meetingCalendar(meeting({ status: 'cancelled', recurrence: 'none' }), 'https://x.org', 'x.org'),
    );
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.component.getFirstPropertyValue('rrule')).toBeNull();
  });
});
