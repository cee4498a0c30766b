import { describe, expect, it } from 'vitest';
import { type Stay, summariseAttendance } from './attendance.js';

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
      { id: 'm', startedAt: at(0), endedAt: at(60) },
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
      { id: 'm', startedAt: at(0), endedAt: null },
      [stay('a1', 'anna', 0, 10), stay('a2', 'anna', 10, null), stay('b1', 'boris', 5, null)],
      at(20),
    );
    expect(summary.durationSeconds).toBe(20 * 60);
    expect(summary.peakParticipants).toBe(2);
    const anna = summary.people.find((person) => person.userId === 'anna')!;
    expect(anna.secondsInMeeting).toBe(20 * 60);
    expect(anna.lastLeftAt).toBeNull();
  });

  it('is empty for a meeting nobody joined', () => {
    expect(summariseAttendance({ id: 'm', startedAt: null, endedAt: null }, [], at(0))).toEqual({
      meetingId: 'm',
      startedAt: null,
      endedAt: null,
      durationSeconds: 0,
      peakParticipants: 0,
      people: [],
    });
  });
});
