import { describe, expect, it } from 'vitest';
import { OccurrenceNotFoundError, type Stay, summariseAttendance } from './attendance.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 29, 10, minute));
const stay = (id: string, userId: string | null, from: number, to: number | null, name = id): Stay => ({
  id,
  userId,
  displayName: name,
  device: 'Chrome',
  joinedAt: at(from),
  leftAt: to === null ? null : at(to),
});

describe('summariseAttendance', () => {
  it('adds up each person, counting overlapping devices once, and finds the peak', () => {
    const summary = summariseAttendance(
      { id: 'm' },
      [
        stay('a1', 'anna', 0, 30),
        stay('a2', 'anna', 20, 45), // a phone while the laptop was still in: 0–45 is 45 minutes
        stay('b1', 'boris', 10, 60),
        stay('g1', null, 15, 25, 'Guest'),
        stay('g2', null, 40, 50, 'Guest'), // another guest of the same name is someone else
      ],
      at(90),
    );
    expect(summary.durationSeconds).toBe(3600);
    expect(summary.peakParticipants).toBe(3);
    const anna = summary.people.find((person) => person.userId === 'anna')!;
    expect(anna.secondsInMeeting).toBe(45 * 60);
    expect(anna.sessions).toHaveLength(2);
    expect(anna.lastLeftAt).toBe(at(45).toISOString());
    expect(summary.people.filter((person) => person.userId === null)).toHaveLength(2);
  });

  it('counts those still in up to now, and a reconnect is not two people', () => {
    const summary = summariseAttendance(
      { id: 'm' },
      [stay('a1', 'anna', 0, 10), stay('a2', 'anna', 10, null), stay('b1', 'boris', 5, null)],
      at(20),
    );
    expect(summary.durationSeconds).toBe(20 * 60);
    expect(summary.peakParticipants).toBe(2);
    const anna = summary.people.find((person) => person.userId === 'anna')!;
    expect(anna.secondsInMeeting).toBe(20 * 60);
    expect(anna.lastLeftAt).toBeNull();
  });

  it('tells the occurrences of a repeating meeting apart, a short break not counting', () => {
    const day = 24 * 60;
    const stays = [
      stay('a1', 'anna', 0, 30),
      stay('b1', 'boris', 5, 20),
      stay('b2', 'boris', 35, 50), // everyone gone for five minutes: still the same meeting
      stay('a2', 'anna', day + 0, day + 40), // the next day
      stay('v1', 'vera', day + 10, null),
    ];
    const latest = summariseAttendance({ id: 'm' }, stays, at(day + 60));
    expect(latest.occurrences).toEqual([
      { startedAt: at(0).toISOString(), endedAt: at(50).toISOString() },
      { startedAt: at(day).toISOString(), endedAt: null },
    ]);
    expect(latest.occurrence).toBe(1);
    expect(latest.people.map((person) => person.userId).sort()).toEqual(['anna', 'vera']);
    expect(latest.endedAt).toBeNull();
    expect(latest.durationSeconds).toBe(60 * 60);

    const first = summariseAttendance({ id: 'm' }, stays, at(day + 60), 0);
    expect(first.people.map((person) => person.userId).sort()).toEqual(['anna', 'boris']);
    expect(first.durationSeconds).toBe(50 * 60);
    expect(first.peakParticipants).toBe(2);
    expect(() => summariseAttendance({ id: 'm' }, stays, at(day + 60), 2)).toThrow(OccurrenceNotFoundError);
  });

  it('is empty for a meeting nobody joined', () => {
    expect(summariseAttendance({ id: 'm' }, [], at(0))).toEqual({
      meetingId: 'm',
      occurrences: [],
      occurrence: 0,
      startedAt: null,
      endedAt: null,
      durationSeconds: 0,
      peakParticipants: 0,
      people: [],
    });
  });
});
