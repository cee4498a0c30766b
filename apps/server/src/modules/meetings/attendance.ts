import { type Attendance } from '@beseda/protocol';

export interface Stay {
  id: string;
  userId: string | null;
  displayName: string;
  device: string | null;
  joinedAt: Date;
  leftAt: Date | null;
}

type Interval = [start: number, end: number];

/** Overlapping stays (two devices at once) count once. */
function coveredMs(intervals: Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: Interval | null = null;
  for (const [start, end] of sorted) {
    if (current && start <= current[1]) current[1] = Math.max(current[1], end);
    else {
      if (current) total += current[1] - current[0];
      current = [start, end];
    }
  }
  return current ? total + current[1] - current[0] : total;
}

/** The most people in at once: a person on two devices is one person. */
function peakPeople(stays: Stay[], now: number): number {
  const edges = stays.flatMap((stay) => {
    const person = stay.userId ?? `stay:${stay.id}`;
    return [
      { at: stay.joinedAt.getTime(), person, delta: 1 },
      { at: stay.leftAt?.getTime() ?? now, person, delta: -1 },
    ];
  });
  // Leaving before joining at the same instant: a reconnect is not two people.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  const stays_ = new Map<string, number>();
  let peak = 0;
  for (const edge of edges) {
    stays_.set(edge.person, (stays_.get(edge.person) ?? 0) + edge.delta);
    peak = Math.max(peak, [...stays_.values()].filter((count) => count > 0).length);
  }
  return peak;
}

/** A break longer than this with nobody in separates two occurrences of a meeting. */
export const OCCURRENCE_GAP_MS = 15 * 60_000;

/**
 * The stays grouped by the times the meeting took place: stretches with somebody in, a break of
 * less than OCCURRENCE_GAP_MS (everyone dropped and came back) not counting. Oldest first.
 */
export function occurrencesOf(stays: Stay[], now: Date): Stay[][] {
  const sorted = [...stays].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime());
  const groups: Stay[][] = [];
  let until = -Infinity;
  for (const stay of sorted) {
    const start = stay.joinedAt.getTime();
    if (start > until + OCCURRENCE_GAP_MS || groups.length === 0) groups.push([]);
    groups.at(-1)!.push(stay);
    until = Math.max(until, stay.leftAt?.getTime() ?? now.getTime());
  }
  return groups;
}

export class OccurrenceNotFoundError extends Error {}

/**
 * Who attended one occurrence of the meeting (the latest unless asked), from the stays (every
 * join and leave): each person's sessions and time in it, its duration from the first join to the
 * last leave (or now, while live), and the peak; and the list of every occurrence. Guests
 * without an account are told apart by stay, not by name.
 */
export function summariseAttendance(
  meeting: { id: string },
  allStays: Stay[],
  now: Date,
  occurrence?: number,
): Attendance {
  const groups = occurrencesOf(allStays, now);
  const chosen = occurrence ?? Math.max(0, groups.length - 1);
  if (chosen >= Math.max(1, groups.length)) throw new OccurrenceNotFoundError();
  const stays = groups[chosen] ?? [];
  const byPerson = new Map<string, Stay[]>();
  for (const stay of stays) {
    const key = stay.userId ?? `stay:${stay.id}`;
    byPerson.set(key, [...(byPerson.get(key) ?? []), stay]);
  }
  const end = (stay: Stay) => stay.leftAt?.getTime() ?? now.getTime();
  const people = [...byPerson.values()].map((own) => {
    const last = own.at(-1)!;
    const stillIn = own.some((stay) => stay.leftAt === null);
    const lastLeft = stillIn ? null : Math.max(...own.map(end));
    return {
      userId: last.userId,
      displayName: last.displayName,
      firstJoinedAt: own[0]!.joinedAt.toISOString(),
      lastLeftAt: lastLeft === null ? null : new Date(lastLeft).toISOString(),
      secondsInMeeting: Math.round(coveredMs(own.map((stay) => [stay.joinedAt.getTime(), end(stay)])) / 1000),
      sessions: own.map((stay) => ({
        joinedAt: stay.joinedAt.toISOString(),
        leftAt: stay.leftAt?.toISOString() ?? null,
        device: stay.device,
      })),
    };
  });
  const bounds = (group: Stay[]) => {
    const start = new Date(Math.min(...group.map((stay) => stay.joinedAt.getTime())));
    const open = group.some((stay) => stay.leftAt === null);
    const end = open ? null : new Date(Math.max(...group.map((stay) => stay.leftAt!.getTime())));
    return { start, end };
  };
  // From the first join to the last leave; still open while somebody is in.
  const { start: startedAt, end: endedAt } = stays.length > 0 ? bounds(stays) : { start: null, end: null };
  const until = endedAt ?? now;
  return {
    meetingId: meeting.id,
    occurrences: groups.map((group) => {
      const { start: from, end: to } = bounds(group);
      return { startedAt: from.toISOString(), endedAt: to?.toISOString() ?? null };
    }),
    occurrence: chosen,
    startedAt: startedAt?.toISOString() ?? null,
    endedAt: endedAt?.toISOString() ?? null,
    durationSeconds: startedAt ? Math.max(0, Math.round((until.getTime() - startedAt.getTime()) / 1000)) : 0,
    peakParticipants: peakPeople(stays, now.getTime()),
    people,
  };
}
