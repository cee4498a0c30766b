import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { chats } from './chats.js';
import { users } from './users.js';

export const meetingAccessModes = ['organisation', 'invitees', 'code'] as const;
export const meetingRecurrences = ['none', 'daily', 'weekly'] as const;
export const meetingStatuses = ['scheduled', 'live', 'ended', 'cancelled'] as const;

/** A meeting: scheduled or instant, with its code, access rules and its own chat. */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey(),
    /** `abc-defg-hij`: the link's last part; unique. */
    code: text('code').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    hostId: uuid('host_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }),
    durationMinutes: integer('duration_minutes').notNull(),
    recurrence: text('recurrence', { enum: meetingRecurrences }).notNull().default('none'),
    /** IANA zone whose clocks a recurring meeting keeps to (10:00 in Berlin, summer and winter). */
    timeZone: text('time_zone').notNull().default('UTC'),
    access: text('access', { enum: meetingAccessModes }).notNull(),
    /** Shown to the host to share, like a meeting link; compared in constant time. */
    passcode: text('passcode'),
    allowGuests: boolean('allow_guests').notNull().default(false),
    status: text('status', { enum: meetingStatuses }).notNull().default('scheduled'),
    /** Locked: nobody new comes in without the host admitting them from the lobby. */
    locked: boolean('locked').notNull().default(false),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    originChatId: uuid('origin_chat_id').references(() => chats.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    uniqueIndex('meetings_code').on(table.code),
    index('meetings_host').on(table.hostId),
    // A meeting chat finds its meeting (chats carry meetingId).
    uniqueIndex('meetings_chat').on(table.chatId),
    index('meetings_starts').on(table.startsAt),
  ],
);

export const meetingMemberRoles = ['cohost', 'invitee', 'removed'] as const;

/**
 * People with a standing in a meeting besides the host: co-hosts, invitees, and those the host
 * removed (who from then on wait in the lobby).
 */
export const meetingMembers = pgTable(
  'meeting_members',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: meetingMemberRoles }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.meetingId, table.userId] }),
    index('meeting_members_user').on(table.userId),
  ],
);

export const participantStatuses = ['lobby', 'joined', 'left', 'denied', 'removed'] as const;
export const participantRoles = ['host', 'cohost', 'participant', 'guest'] as const;

/**
 * One stay in a meeting, from asking to join to leaving: the live participant list (status
 * lobby or joined) and, afterwards, the attendance record. A new row on every join.
 */
export const meetingParticipants = pgTable(
  'meeting_participants',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    /** null for a guest without an account. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: participantRoles }).notNull(),
    status: text('status', { enum: participantStatuses }).notNull(),
    audio: boolean('audio').notNull().default(true),
    video: boolean('video').notNull().default(true),
    screen: boolean('screen').notNull().default(false),
    handRaised: boolean('hand_raised').notNull().default(false),
    device: text('device'),
    /** For a guest without an account: the hash of the token that proves the stay is theirs. */
    guestTokenHash: text('guest_token_hash'),
    askedAt: timestamp('asked_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    joinedAt: timestamp('joined_at', { withTimezone: true, mode: 'date' }),
    leftAt: timestamp('left_at', { withTimezone: true, mode: 'date' }),
    /** The last heartbeat: a stay that stops sending them is ended by the sweep. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    index('meeting_participants_present')
      .on(table.meetingId)
      .where(sql`${table.status} in ('lobby', 'joined')`),
    index('meeting_participants_meeting').on(table.meetingId, table.askedAt),
    index('meeting_participants_user').on(table.userId),
  ],
);

/**
 * Guest accounts made for people who came to a meeting by link without an account. They are
 * ended (blocked, signed out, the row kept for names in attendance and chat) once the meeting is
 * over or they have not been in it for a while: see MeetingGuestsExpiry.
 */
export const meetingGuestAccounts = pgTable(
  'meeting_guest_accounts',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** When the account was ended; null while it may still be used. */
    expiredAt: timestamp('expired_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index('meeting_guest_accounts_live')
      .on(table.meetingId)
      .where(sql`${table.expiredAt} is null`),
  ],
);
