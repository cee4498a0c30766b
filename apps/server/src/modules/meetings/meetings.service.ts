import { Inject, Injectable } from '@nestjs/common';
import {
  type Attendance,
  type CreateMeetingRequestSchema,
  ErrorCode,
  type Meeting,
  type MeetingListQuerySchema,
  type MeetingPreviewSchema,
  type UpdateMeetingRequestSchema,
} from '@beseda/protocol';
import { v7 as uuidv7 } from 'uuid';
import { type z } from 'zod';
import { decodeTimeCursor, encodeTimeCursor } from '../../common/http/time-cursor.js';
import { AppError } from '../../common/errors/app-error.js';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { Database } from '../../infra/db/database.js';
import { type Principal } from '../auth/guard/principal.js';
import { ChatsService } from '../chats/chats.service.js';
import { MessagesService } from '../chats/messages.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OccurrenceNotFoundError, summariseAttendance } from './attendance.js';
import { newMeetingCode, normaliseMeetingCode } from './meeting-codes.js';
import { meetingCalendar } from './meeting-ics.js';
import { meetingUrl, toMeetingDto } from './meetings.mapper.js';
import { meetingPolicy, type Standing } from './meetings.policy.js';
import { type MeetingRow, MeetingsRepository } from './meetings.repository.js';
import { canonicalTimeZone } from './time-zones.js';

export const meetingNotFound = () => new AppError(ErrorCode.meetingNotFound, 404, 'No such meeting');
export const hostOnly = () =>
  new AppError(ErrorCode.meetingHostOnly, 403, 'Only the host or a co-host can do this');
const occurrenceNotFound = () =>
  new AppError(ErrorCode.meetingOccurrenceNotFound, 404, 'The meeting has not taken place that many times');
/** The zone's canonical name; an unknown zone is refused. */
function validTimeZone(name: string): string {
  const zone = canonicalTimeZone(name);
  if (!zone) {
    throw new AppError(ErrorCode.meetingInvalidTimeZone, 400, `Unknown time zone: ${name}`, [
      { path: 'body.timeZone', code: 'invalid', message: 'Not an IANA time zone such as Europe/Berlin' },
    ]);
  }
  return zone;
}
const invalidInvitees = () =>
  new AppError(ErrorCode.validationFailed, 400, 'Some invitees do not exist or cannot be invited', [
    { path: 'body.invitees', code: 'invalid', message: 'Unknown or blocked people' },
  ]);

/** The meeting and where the caller stands in it. */
export interface MeetingAccess {
  meeting: MeetingRow;
  standing: Standing;
}

/**
 * Meetings as lasting objects: scheduling, invitations, codes, their chat, the list, attendance.
 * What happens while one is live is MeetingRoomService's.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly database: Database,
    private readonly meetings: MeetingsRepository,
    private readonly chats: ChatsService,
    private readonly messages: MessagesService,
    private readonly notifications: NotificationsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** By id or by code (as people type it); null when there is none. */
  async find(ref: string): Promise<MeetingRow | undefined> {
    if (/^[0-9a-f-]{36}$/i.test(ref)) return this.meetings.findById(ref.toLowerCase());
    const code = normaliseMeetingCode(ref);
    return code ? this.meetings.findByCode(code) : undefined;
  }

  async standing(meeting: MeetingRow, userId: string | undefined): Promise<Standing> {
    if (!userId) return null;
    if (meeting.hostId === userId) return 'host';
    return (await this.meetings.standing(meeting.id, userId)) ?? null;
  }

  /**
   * The meeting as the caller may see it; one they may not see answers like one that does not
   * exist, so ids and codes cannot be probed.
   */
  async access(principal: Principal, ref: string): Promise<MeetingAccess> {
    const meeting = await this.find(ref);
    if (!meeting) throw meetingNotFound();
    const standing = await this.standing(meeting, principal.userId);
    const attended =
      standing === null || standing === 'removed' ? await this.attended(meeting.id, principal.userId) : false;
    if (!meetingPolicy.canSee(meeting, standing, attended, principal)) throw meetingNotFound();
    return { meeting, standing };
  }

  private async attended(meetingId: string, userId: string): Promise<boolean> {
    return (await this.meetings.stays(meetingId)).some((stay) => stay.userId === userId);
  }

  async create(principal: Principal, input: z.output<typeof CreateMeetingRequestSchema>): Promise<Meeting> {
    const timeZone = validTimeZone(input.timeZone);
    const invitees = new Set(input.invitees);
    if (input.chatId) {
      // Started from a chat: only by someone in it, and everyone in it is invited.
      await this.chats.access(principal, input.chatId);
      for (const member of await this.chats.members(principal, input.chatId)) invitees.add(member.userId);
    }
    invitees.delete(principal.userId);
    const people = await this.meetings.existingUsers([...invitees]);
    if (people.length !== invitees.size) throw invalidInvitees();
    const { meeting, chat, invited } = await this.database.db.transaction(async (tx) => {
      const chat = await this.chats.createMeetingChat(input.title, principal.userId, [...invitees], tx);
      const meeting = await this.insertWithFreshCode(
        {
          title: input.title,
          description: input.description,
          hostId: principal.userId,
          startsAt: input.startsAt ? new Date(input.startsAt) : null,
          durationMinutes: input.durationMinutes,
          recurrence: input.recurrence,
          timeZone,
          access: input.access,
          passcode: input.passcode ?? null,
          allowGuests: input.access === 'code' && input.allowGuests,
          chatId: chat.id,
          originChatId: input.chatId ?? null,
        },
        tx,
      );
      await this.meetings.replaceInvitees(meeting.id, [...invitees], tx);
      const invited = await this.notifications.forInvitation(chat.id, [...invitees], principal.userId, tx);
      return { meeting, chat, invited };
    });
    await this.chats.announceMeetingChat(chat, [principal.userId, ...invitees]);
    await this.notifications.announce(invited);
    if (input.chatId) {
      // The chat it was started from gets the link, so its members find the meeting (and its chat) there.
      await this.messages.send(principal, input.chatId, {
        clientId: `meeting:${meeting.id}`,
        text: `📹 ${meeting.title}\n${meetingUrl(this.config.publicUrl, meeting.code)}`,
        attachments: [],
      });
    }
    return this.dto(meeting, 'host', principal);
  }

  /** Codes are random; in the rare case one is taken, draw again. */
  private async insertWithFreshCode(
    fields: Omit<Parameters<MeetingsRepository['insert']>[0], 'id' | 'code'>,
    tx: Parameters<MeetingsRepository['insert']>[1],
  ): Promise<MeetingRow> {
    for (let attempt = 0; ; attempt++) {
      const code = newMeetingCode();
      const taken = await this.meetings.findByCode(code, tx);
      if (!taken || attempt >= 5) return this.meetings.insert({ id: uuidv7(), code, ...fields }, tx);
    }
  }

  async get(principal: Principal, ref: string): Promise<Meeting> {
    const { meeting, standing } = await this.access(principal, ref);
    return this.dto(meeting, standing, principal);
  }

  /** Just enough to show a join screen, to anyone with the code (or the id). */
  preview(meeting: MeetingRow): z.output<typeof MeetingPreviewSchema> {
    return {
      id: meeting.id,
      code: meeting.code,
      title: meeting.title,
      status: meeting.status,
      startsAt: meeting.startsAt?.toISOString() ?? null,
      hasPasscode: meeting.passcode !== null,
      allowGuests: meeting.allowGuests,
    };
  }

  async list(principal: Principal, query: z.output<typeof MeetingListQuerySchema>) {
    const after = query.cursor ? decodeTimeCursor(query.cursor) : undefined;
    const rows = await this.meetings.listFor(principal.userId, {
      when: query.when,
      limit: query.limit + 1,
      after: after && { at: after.createdAt, id: after.id },
    });
    const page = rows.slice(0, query.limit);
    const members = await this.meetings.membersOf(page.map((row) => row.id));
    const counts = await this.meetings.countPresent(page.map((row) => row.id));
    const last = page.at(-1);
    return {
      items: page.map((row) => {
        const own = members.filter((member) => member.meetingId === row.id);
        const standing: Standing =
          row.hostId === principal.userId
            ? 'host'
            : (own.find((member) => member.userId === principal.userId)?.role ?? null);
        return toMeetingDto(
          row,
          own,
          counts.get(row.id) ?? 0,
          this.config.publicUrl,
          meetingPolicy.isModerator(standing, principal),
        );
      }),
      nextCursor:
        rows.length > query.limit && last ? encodeTimeCursor({ createdAt: last.sortAt, id: last.id }) : null,
    };
  }

  async update(
    principal: Principal,
    ref: string,
    changes: z.output<typeof UpdateMeetingRequestSchema>,
  ): Promise<Meeting> {
    const { meeting, standing } = await this.access(principal, ref);
    if (!meetingPolicy.canEdit(standing, principal)) throw hostOnly();
    if (meeting.status === 'cancelled' || meeting.status === 'ended') {
      throw new AppError(ErrorCode.meetingClosed, 409, 'The meeting is over; create a new one');
    }
    const timeZone = changes.timeZone === undefined ? undefined : validTimeZone(changes.timeZone);
    const invitees = changes.invitees && [...new Set(changes.invitees)].filter((id) => id !== meeting.hostId);
    if (invitees && (await this.meetings.existingUsers(invitees)).length !== invitees.length) {
      throw invalidInvitees();
    }
    const access = changes.access ?? meeting.access;
    const before = new Set(
      (await this.meetings.members(meeting.id)).filter((m) => m.role === 'invitee').map((m) => m.userId),
    );
    const updated = await this.database.db.transaction(async (tx) => {
      const row = await this.meetings.update(
        meeting.id,
        {
          title: changes.title,
          description: changes.description,
          startsAt:
            changes.startsAt === undefined
              ? undefined
              : changes.startsAt === null
                ? null
                : new Date(changes.startsAt),
          durationMinutes: changes.durationMinutes,
          recurrence: changes.recurrence,
          timeZone,
          access: changes.access,
          passcode: changes.passcode,
          allowGuests: access === 'code' ? changes.allowGuests : false,
        },
        tx,
      );
      if (invitees) await this.meetings.replaceInvitees(meeting.id, invitees, tx);
      return row!;
    });
    const newcomers = (invitees ?? []).filter((id) => !before.has(id));
    if (newcomers.length > 0) await this.chats.addToMeetingChat(meeting.chatId, newcomers);
    return this.dto(updated, standing, principal);
  }

  /** Cancelling a meeting that has not happened yet; nobody can join it after. */
  async cancel(principal: Principal, ref: string): Promise<void> {
    const { meeting, standing } = await this.access(principal, ref);
    if (!meetingPolicy.canEdit(standing, principal)) throw hostOnly();
    if (meeting.status === 'live') {
      throw new AppError(ErrorCode.meetingClosed, 409, 'The meeting is live: end it for everyone instead');
    }
    await this.meetings.update(meeting.id, { status: 'cancelled' });
  }

  async calendar(principal: Principal, ref: string): Promise<{ file: string; code: string }> {
    const { meeting } = await this.access(principal, ref);
    const host = new URL(this.config.publicUrl).hostname;
    return { file: meetingCalendar(meeting, this.config.publicUrl, host), code: meeting.code };
  }

  async attendance(principal: Principal, ref: string, occurrence?: number): Promise<Attendance> {
    const { meeting, standing } = await this.access(principal, ref);
    if (!meetingPolicy.isModerator(standing, principal)) throw hostOnly();
    const stays = await this.meetings.stays(meeting.id);
    try {
      return summariseAttendance(
        meeting,
        stays.map((stay) => ({ ...stay, joinedAt: stay.joinedAt! })),
        new Date(),
        occurrence,
      );
    } catch (error) {
      if (error instanceof OccurrenceNotFoundError) throw occurrenceNotFound();
      throw error;
    }
  }

  async dto(meeting: MeetingRow, standing: Standing, principal: Principal): Promise<Meeting> {
    const members = await this.meetings.members(meeting.id);
    const count = (await this.meetings.countPresent([meeting.id])).get(meeting.id) ?? 0;
    return toMeetingDto(
      meeting,
      members,
      count,
      this.config.publicUrl,
      meetingPolicy.isModerator(standing, principal),
    );
  }
}
