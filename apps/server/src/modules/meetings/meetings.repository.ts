import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import {
  meetingGuestAccounts,
  meetingMembers,
  meetingParticipants,
  meetings,
  users,
} from '../../db/schema/index.js';
import { Database, type Db } from '../../infra/db/database.js';

export type MeetingRow = typeof meetings.$inferSelect;
export type MeetingMemberRow = typeof meetingMembers.$inferSelect;
export type ParticipantRow = typeof meetingParticipants.$inferSelect;
export type StandingRole = MeetingMemberRow['role'];

/** Stays that are in the meeting or waiting to be. */
const present = inArray(meetingParticipants.status, ['lobby', 'joined']);

export interface MeetingListPage {
  when: 'upcoming' | 'past';
  limit: number;
  after?: { at: Date; id: string };
}

@Injectable()
export class MeetingsRepository {
  constructor(private readonly database: Database) {}

  get db(): Db {
    return this.database.db;
  }

  async insert(meeting: typeof meetings.$inferInsert, tx: Db): Promise<MeetingRow> {
    const [row] = await tx.insert(meetings).values(meeting).returning();
    return row!;
  }

  async findById(id: string, tx: Db = this.db): Promise<MeetingRow | undefined> {
    const [row] = await tx.select().from(meetings).where(eq(meetings.id, id)).limit(1);
    return row;
  }

  async findByCode(code: string, tx: Db = this.db): Promise<MeetingRow | undefined> {
    const [row] = await tx.select().from(meetings).where(eq(meetings.code, code)).limit(1);
    return row;
  }

  /** Locks the meeting row: joins, leaves and host changes of one meeting happen one at a time. */
  async lock(id: string, tx: Db): Promise<MeetingRow | undefined> {
    const [row] = await tx.select().from(meetings).where(eq(meetings.id, id)).for('update').limit(1);
    return row;
  }

  async update(id: string, changes: Partial<typeof meetings.$inferInsert>, tx: Db = this.db) {
    const [row] = await tx.update(meetings).set(changes).where(eq(meetings.id, id)).returning();
    return row;
  }

  async members(meetingId: string, tx: Db = this.db): Promise<MeetingMemberRow[]> {
    return tx.select().from(meetingMembers).where(eq(meetingMembers.meetingId, meetingId));
  }

  async membersOf(meetingIds: string[]): Promise<MeetingMemberRow[]> {
    if (meetingIds.length === 0) return [];
    return this.db.select().from(meetingMembers).where(inArray(meetingMembers.meetingId, meetingIds));
  }

  async standing(meetingId: string, userId: string, tx: Db = this.db): Promise<StandingRole | undefined> {
    const [row] = await tx
      .select({ role: meetingMembers.role })
      .from(meetingMembers)
      .where(and(eq(meetingMembers.meetingId, meetingId), eq(meetingMembers.userId, userId)))
      .limit(1);
    return row?.role;
  }

  async setStanding(meetingId: string, userId: string, role: StandingRole, tx: Db = this.db) {
    await tx
      .insert(meetingMembers)
      .values({ meetingId, userId, role })
      .onConflictDoUpdate({ target: [meetingMembers.meetingId, meetingMembers.userId], set: { role } });
  }

  async clearStanding(meetingId: string, userId: string, tx: Db = this.db) {
    await tx
      .delete(meetingMembers)
      .where(and(eq(meetingMembers.meetingId, meetingId), eq(meetingMembers.userId, userId)));
  }

  /** Makes the invitee list exactly `userIds`; co-hosts and removed people keep their standing. */
  async replaceInvitees(meetingId: string, userIds: string[], tx: Db) {
    await tx
      .delete(meetingMembers)
      .where(and(eq(meetingMembers.meetingId, meetingId), eq(meetingMembers.role, 'invitee')));
    if (userIds.length === 0) return;
    await tx
      .insert(meetingMembers)
      .values(userIds.map((userId) => ({ meetingId, userId, role: 'invitee' as const })))
      .onConflictDoNothing();
  }

  /** People who exist and may be invited (not blocked). */
  async existingUsers(ids: string[]): Promise<Array<{ id: string; displayName: string }>> {
    if (ids.length === 0) return [];
    return this.db
      .select({ id: users.id, displayName: users.displayName })
      .from(users)
      .where(and(inArray(users.id, ids), sql`${users.blockedAt} is null`));
  }

  async displayName(userId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ displayName: users.displayName })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    return row?.displayName;
  }

  /**
   * Meetings the user hosts, is invited to or co-hosts, or attended. Upcoming (scheduled or live)
   * soonest first, instant ones by creation; past (ended or cancelled) latest first.
   */
  async listFor(userId: string, page: MeetingListPage): Promise<Array<MeetingRow & { sortAt: Date }>> {
    const mine = or(
      eq(meetings.hostId, userId),
      sql`exists (select 1 from ${meetingMembers} where ${meetingMembers.meetingId} = ${meetings.id}
        and ${meetingMembers.userId} = ${userId} and ${meetingMembers.role} <> 'removed')`,
      sql`exists (select 1 from ${meetingParticipants} where ${meetingParticipants.meetingId} = ${meetings.id}
        and ${meetingParticipants.userId} = ${userId} and ${meetingParticipants.joinedAt} is not null)`,
    );
    const upcoming = page.when === 'upcoming';
    const sortAt = upcoming
      ? sql<Date>`coalesce(${meetings.startsAt}, ${meetings.createdAt})`
      : sql<Date>`coalesce(${meetings.endedAt}, ${meetings.startsAt}, ${meetings.createdAt})`;
    const statuses = upcoming ? (['scheduled', 'live'] as const) : (['ended', 'cancelled'] as const);
    const conditions: SQL[] = [inArray(meetings.status, [...statuses]), mine!];
    if (page.after) {
      const { at, id } = page.after;
      conditions.push(
        upcoming
          ? sql`(${sortAt}, ${meetings.id}) > (${at.toISOString()}::timestamptz, ${id}::uuid)`
          : sql`(${sortAt}, ${meetings.id}) < (${at.toISOString()}::timestamptz, ${id}::uuid)`,
      );
    }
    const rows = await this.db
      .select({ meeting: meetings, sortAt: sql<string>`${sortAt}` })
      .from(meetings)
      .where(and(...conditions))
      .orderBy(upcoming ? asc(sortAt) : desc(sortAt), upcoming ? asc(meetings.id) : desc(meetings.id))
      .limit(page.limit);
    return rows.map((row) => ({ ...row.meeting, sortAt: new Date(row.sortAt) }));
  }

  async insertParticipant(row: typeof meetingParticipants.$inferInsert, tx: Db = this.db) {
    const [inserted] = await tx.insert(meetingParticipants).values(row).returning();
    return inserted!;
  }

  async participant(id: string, tx: Db = this.db): Promise<ParticipantRow | undefined> {
    const [row] = await tx.select().from(meetingParticipants).where(eq(meetingParticipants.id, id)).limit(1);
    return row;
  }

  async participants(ids: string[], tx: Db = this.db): Promise<ParticipantRow[]> {
    if (ids.length === 0) return [];
    return tx.select().from(meetingParticipants).where(inArray(meetingParticipants.id, ids));
  }

  async updateParticipant(
    id: string,
    changes: Partial<typeof meetingParticipants.$inferInsert>,
    tx: Db = this.db,
  ): Promise<ParticipantRow | undefined> {
    const [row] = await tx
      .update(meetingParticipants)
      .set(changes)
      .where(eq(meetingParticipants.id, id))
      .returning();
    return row;
  }

  /** Those in the meeting now (`joined`) or waiting (`lobby`), earliest first. */
  async present(meetingId: string, status: 'joined' | 'lobby', tx: Db = this.db): Promise<ParticipantRow[]> {
    return tx
      .select()
      .from(meetingParticipants)
      .where(and(eq(meetingParticipants.meetingId, meetingId), eq(meetingParticipants.status, status)))
      .orderBy(asc(meetingParticipants.askedAt), asc(meetingParticipants.id));
  }

  async countPresent(meetingIds: string[]): Promise<Map<string, number>> {
    if (meetingIds.length === 0) return new Map();
    const rows = await this.db
      .select({ meetingId: meetingParticipants.meetingId, count: sql<number>`count(*)::int` })
      .from(meetingParticipants)
      .where(
        and(inArray(meetingParticipants.meetingId, meetingIds), eq(meetingParticipants.status, 'joined')),
      )
      .groupBy(meetingParticipants.meetingId);
    return new Map(rows.map((row) => [row.meetingId, row.count]));
  }

  /** Every stay that got in, for attendance. */
  async stays(meetingId: string): Promise<ParticipantRow[]> {
    return this.db
      .select()
      .from(meetingParticipants)
      .where(and(eq(meetingParticipants.meetingId, meetingId), isNotNull(meetingParticipants.joinedAt)))
      .orderBy(asc(meetingParticipants.joinedAt));
  }

  /** Keeps a stay alive; false when it is no longer in the meeting or its lobby, or not the caller's. */
  async heartbeat(id: string, meetingId: string, userId: string): Promise<boolean> {
    const rows = await this.db
      .update(meetingParticipants)
      .set({ lastSeenAt: new Date() })
      .where(
        and(
          eq(meetingParticipants.id, id),
          eq(meetingParticipants.meetingId, meetingId),
          eq(meetingParticipants.userId, userId),
          present,
        ),
      )
      .returning({ id: meetingParticipants.id });
    return rows.length > 0;
  }

  /** Meetings with stays whose heartbeats stopped before `before`. */
  async staleMeetings(before: Date): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ meetingId: meetingParticipants.meetingId })
      .from(meetingParticipants)
      .where(and(present, lt(meetingParticipants.lastSeenAt, before)))
      .limit(100);
    return rows.map((row) => row.meetingId);
  }

  async staleIn(meetingId: string, before: Date, tx: Db): Promise<ParticipantRow[]> {
    return tx
      .select()
      .from(meetingParticipants)
      .where(
        and(
          eq(meetingParticipants.meetingId, meetingId),
          present,
          lt(meetingParticipants.lastSeenAt, before),
        ),
      );
  }

  /** Records that a guest account was made for the meeting, so it can be ended with it. */
  async linkGuestAccount(userId: string, meetingId: string, tx: Db) {
    await tx.insert(meetingGuestAccounts).values({ userId, meetingId });
  }

  /**
   * Takes one guest account that should end, locked (SKIP LOCKED: no two nodes take the same): its
   * meeting was cancelled or has ended since the account was made (a recurring one is scheduled
   * again, with endedAt set), or it was made before `idleSince` and has not been in a meeting
   * since. One in a meeting or its lobby right now is never taken.
   */
  async claimExpiredGuest(idleSince: Date, tx: Db): Promise<string | undefined> {
    const since = idleSince.toISOString();
    const [row] = await tx
      .select({ userId: meetingGuestAccounts.userId })
      .from(meetingGuestAccounts)
      .innerJoin(meetings, eq(meetings.id, meetingGuestAccounts.meetingId))
      .where(
        and(
          isNull(meetingGuestAccounts.expiredAt),
          or(
            inArray(meetings.status, ['ended', 'cancelled']),
            and(ne(meetings.status, 'live'), gt(meetings.endedAt, meetingGuestAccounts.createdAt)),
            and(
              lt(meetingGuestAccounts.createdAt, idleSince),
              sql`not exists (select 1 from ${meetingParticipants}
                where ${meetingParticipants.userId} = ${meetingGuestAccounts.userId}
                and coalesce(${meetingParticipants.leftAt}, ${meetingParticipants.lastSeenAt}) >= ${since}::timestamptz)`,
            ),
          ),
          sql`not exists (select 1 from ${meetingParticipants}
            where ${meetingParticipants.userId} = ${meetingGuestAccounts.userId}
            and ${meetingParticipants.status} in ('lobby', 'joined'))`,
        ),
      )
      .orderBy(asc(meetingGuestAccounts.createdAt))
      .limit(1)
      .for('update', { of: meetingGuestAccounts, skipLocked: true });
    return row?.userId;
  }

  async markGuestExpired(userId: string, tx: Db) {
    await tx
      .update(meetingGuestAccounts)
      .set({ expiredAt: new Date() })
      .where(eq(meetingGuestAccounts.userId, userId));
  }
}
