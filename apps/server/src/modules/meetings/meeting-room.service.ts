import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  ErrorCode,
  type JoinMeetingRequestSchema,
  type JoinMeetingResponse,
  MeetingHeartbeatCommandSchema,
  MeetingIceServersCommandSchema,
  type MeetingIceServers,
  MeetingSignalCommandSchema,
  type MeetingState,
  type ModerateParticipantRequestSchema,
  type UpdateMyParticipantRequestSchema,
} from '@beseda/protocol';
import { timingSafeEqual } from 'node:crypto';
import { type Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { type z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { PollingLoop } from '../../common/jobs/polling-loop.js';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { Database, type Db } from '../../infra/db/database.js';
import { LOGGER } from '../../infra/infra.module.js';
import { iceServersFor } from '../../infra/media/turn-credentials.js';

/** The ICE servers of a join answer, with when their TURN credentials end. */
function iceServersOf(media: Parameters<typeof iceServersFor>[0], userId: string) {
  const list = iceServersFor(media, userId);
  return { iceServers: list.iceServers, iceServersExpireAt: list.expiresAt ?? null };
}
import { RealtimeCommands } from '../../realtime/realtime-commands.js';
import { RealtimeFanout } from '../../realtime/realtime-fanout.js';
import { type Principal } from '../auth/guard/principal.js';
import { ChatsService } from '../chats/chats.service.js';
import { codeMissesPerIp, passcodeFailuresPerIp, passcodeFailuresPerMeeting } from './meetings.limits.js';
import { toLobbyEntry, toParticipantDto } from './meetings.mapper.js';
import { meetingPolicy } from './meetings.policy.js';
import { type MeetingRow, MeetingsRepository, type ParticipantRow } from './meetings.repository.js';
import { hostOnly, meetingNotFound, MeetingsService } from './meetings.service.js';
import { MeetingSfuService } from './meeting-sfu.service.js';
import { afterMeeting } from './meeting-schedule.js';
import { chooseTopology } from './meeting-topology.js';

const participantNotFound = () =>
  new AppError(ErrorCode.meetingParticipantNotFound, 404, 'That participant is not in the meeting');
const closed = () => new AppError(ErrorCode.meetingClosed, 409, 'The meeting was cancelled');
const notAllowed = () =>
  new AppError(ErrorCode.meetingNotAllowed, 403, 'You are not allowed into this meeting');
const sfuRequired = (limit: number) =>
  new AppError(
    ErrorCode.meetingSfuRequired,
    409,
    `The meeting is full: without an SFU (Janus) a meeting holds at most ${limit} people`,
  );

/** Heartbeats a stay may miss before the sweep ends it. */
const MISSED_HEARTBEATS = 3;

type JoinRequest = z.output<typeof JoinMeetingRequestSchema>;

/** What changed, to tell people once the transaction that changed it has committed. */
interface Changes {
  state?: boolean;
  lobby?: boolean;
}

/**
 * A meeting while it is live: joining (straight in or through the lobby), heartbeats, signaling
 * between participants, host controls, and the sweep that ends stays whose client went away.
 * Every change to who is in a meeting runs with the meeting row locked, so two joins cannot both
 * take the last place of a mesh; everyone in the meeting then gets the whole new state.
 */
@Injectable()
export class MeetingRoomService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly sweepLoop: PollingLoop;

  constructor(
    private readonly database: Database,
    private readonly meetings: MeetingsRepository,
    private readonly meetingsService: MeetingsService,
    private readonly chats: ChatsService,
    private readonly sfuRelay: MeetingSfuService,
    private readonly fanout: RealtimeFanout,
    private readonly commands: RealtimeCommands,
    private readonly limiter: RateLimiter,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.sweepLoop = new PollingLoop({
      name: 'meeting sweep failed',
      intervalMs: config.meetings.heartbeatMs,
      runOnce: () => this.sweep(),
      batchSize: Number.POSITIVE_INFINITY,
      logger,
    });
  }

  onApplicationBootstrap(): void {
    this.commands.register(
      'meeting.heartbeat',
      MeetingHeartbeatCommandSchema,
      async (params, { principal }) => {
        const alive = await this.meetings.heartbeat(params.participantId, params.meetingId, principal.userId);
        if (!alive) throw participantNotFound();
        return {};
      },
    );
    this.commands.register(
      'meeting.ice_servers',
      MeetingIceServersCommandSchema,
      async (params, { principal }): Promise<MeetingIceServers> => {
        const stay = await this.meetings.participant(params.participantId);
        const mine =
          stay?.meetingId === params.meetingId &&
          stay.userId === principal.userId &&
          stay.status === 'joined';
        if (!mine) throw participantNotFound();
        const list = iceServersFor(this.config.media, principal.userId);
        return { iceServers: list.iceServers, expiresAt: list.expiresAt ?? null };
      },
    );
    this.commands.register('meeting.signal', MeetingSignalCommandSchema, async (params, { principal }) => {
      await this.signal(principal, params);
      return {};
    });
    this.sweepLoop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweepLoop.stop();
  }

  // --- joining -------------------------------------------------------------------------------

  /** By id or code, counting the misses of each address: codes cannot be found by trying them. */
  async findByRef(ref: string, ip: string): Promise<MeetingRow> {
    await this.limiter.check(codeMissesPerIp, ip);
    const meeting = await this.meetingsService.find(ref);
    if (meeting) return meeting;
    await this.limiter.hit(codeMissesPerIp, ip);
    throw meetingNotFound();
  }

  async preview(ref: string, ip: string) {
    return this.meetingsService.preview(await this.findByRef(ref, ip));
  }

  async join(
    principal: Principal,
    ref: string,
    request: JoinRequest,
    ip: string,
  ): Promise<JoinMeetingResponse> {
    const meeting = await this.findByRef(ref, ip);
    if (meeting.status === 'cancelled') throw closed();
    const standing = await this.meetingsService.standing(meeting, principal.userId);
    if (request.participantId) return this.resume(principal, meeting, request.participantId);

    const admission = meetingPolicy.admission(meeting, standing, principal);
    if (admission === 'refused') throw notAllowed();
    if (meetingPolicy.needsPasscode(meeting, standing, principal)) {
      await this.checkPasscode(meeting, request.passcode, ip);
    }
    const displayName = (await this.meetings.displayName(principal.userId)) ?? request.displayName ?? '';
    const fields = {
      meetingId: meeting.id,
      userId: principal.userId,
      displayName,
      role: meetingPolicy.roleOf(standing, principal),
      device: request.device ?? null,
      audio: request.audio,
      video: request.video,
    };
    if (admission === 'lobby') {
      // Asking again (a second click, a reload) is the same wait, not a second entry in the lobby.
      const waiting = (await this.meetings.present(meeting.id, 'lobby')).find(
        (stay) => stay.userId === principal.userId,
      );
      if (waiting) return this.lobbyResponse(meeting, waiting);
      const stay = await this.meetings.insertParticipant({ id: uuidv7(), status: 'lobby', ...fields });
      await this.announce(meeting.id, { lobby: true });
      return this.lobbyResponse(meeting, stay);
    }
    const stay = await this.database.db.transaction(async (tx) => {
      const locked = (await this.meetings.lock(meeting.id, tx))!;
      await this.makeRoom(locked, tx);
      const now = new Date();
      const inserted = await this.meetings.insertParticipant(
        { id: uuidv7(), status: 'joined', joinedAt: now, ...fields },
        tx,
      );
      await this.goLive(locked, now, tx);
      return inserted;
    });
    await this.chats.addToMeetingChat(meeting.chatId, [principal.userId]);
    await this.announce(meeting.id, { state: true });
    return this.joinedResponse(principal, meeting.id, stay);
  }

  /** A lobby stay asks again: still waiting, let in, or turned away. */
  private async resume(
    principal: Principal,
    meeting: MeetingRow,
    participantId: string,
  ): Promise<JoinMeetingResponse> {
    const stay = await this.meetings.participant(participantId);
    if (!stay || stay.meetingId !== meeting.id || stay.userId !== principal.userId)
      throw participantNotFound();
    if (stay.status === 'lobby') return this.lobbyResponse(meeting, stay);
    if (stay.status !== 'joined') throw notAllowed();
    return this.joinedResponse(principal, meeting.id, stay);
  }

  async checkPasscode(meeting: MeetingRow, given: string | undefined, ip: string): Promise<void> {
    const perIp = `${meeting.id}:${ip}`;
    await this.limiter.check(passcodeFailuresPerIp, perIp);
    await this.limiter.check(passcodeFailuresPerMeeting, meeting.id);
    const expected = Buffer.from(meeting.passcode ?? '');
    const actual = Buffer.from(given?.trim() ?? '');
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return;
    await this.limiter.hit(passcodeFailuresPerIp, perIp);
    await this.limiter.hit(passcodeFailuresPerMeeting, meeting.id);
    throw new AppError(
      ErrorCode.meetingWrongPasscode,
      403,
      given ? 'The passcode is wrong' : 'This meeting needs a passcode',
    );
  }

  /** Refuses one more person when no topology could carry them. */
  private async makeRoom(meeting: MeetingRow, tx: Db): Promise<void> {
    const inside = await this.meetings.present(meeting.id, 'joined', tx);
    if (!chooseTopology(inside.length + 1, this.topologyLimits())) {
      throw sfuRequired(this.config.meetings.meshLimit);
    }
  }

  private async goLive(meeting: MeetingRow, now: Date, tx: Db): Promise<void> {
    if (meeting.status === 'live') return;
    await this.meetings.update(
      meeting.id,
      { status: 'live', startedAt: meeting.startedAt ?? now, endedAt: null },
      tx,
    );
  }

  private topologyLimits() {
    return { sfu: this.sfuRelay.available, meshLimit: this.config.meetings.meshLimit };
  }

  private lobbyResponse(meeting: MeetingRow, stay: ParticipantRow): JoinMeetingResponse {
    return {
      state: 'lobby',
      participantId: stay.id,
      meeting: this.meetingsService.preview(meeting),
      heartbeatIntervalMs: this.config.meetings.heartbeatMs,
    };
  }

  private async joinedResponse(principal: Principal, meetingId: string, stay: ParticipantRow) {
    const meeting = (await this.meetings.findById(meetingId))!;
    const standing = await this.meetingsService.standing(meeting, principal.userId);
    return {
      state: 'joined' as const,
      participantId: stay.id,
      role: stay.role,
      meeting: await this.meetingsService.dto(meeting, standing, principal),
      live: await this.state(meeting),
      ...iceServersOf(this.config.media, principal.userId),
      iceTransportPolicy: this.config.media.turnOnly ? ('relay' as const) : ('all' as const),
      heartbeatIntervalMs: this.config.meetings.heartbeatMs,
    };
  }

  // --- while in the meeting ------------------------------------------------------------------

  /** Relays an SDP description or ICE candidate from my stay to another stay in the same meeting. */
  async signal(principal: Principal, command: z.output<typeof MeetingSignalCommandSchema>): Promise<void> {
    const [from, to] = await this.bothStays(command.from, command.to);
    const inside = (stay: ParticipantRow | undefined) =>
      stay?.meetingId === command.meetingId && stay.status === 'joined';
    if (!inside(from) || from!.userId !== principal.userId || !inside(to) || !to!.userId) {
      throw participantNotFound();
    }
    await this.fanout.toUsers([to!.userId], {
      type: 'meeting.signal',
      data: { meetingId: command.meetingId, from: command.from, to: command.to, payload: command.payload },
    });
  }

  private async bothStays(
    a: string,
    b: string,
  ): Promise<[ParticipantRow | undefined, ParticipantRow | undefined]> {
    const rows = await this.meetings.participants([a, b]);
    return [rows.find((row) => row.id === a), rows.find((row) => row.id === b)];
  }

  /** My own microphone, camera, screen share and hand, as others should show them. */
  async updateMine(
    principal: Principal,
    meetingId: string,
    participantId: string,
    changes: z.output<typeof UpdateMyParticipantRequestSchema>,
  ): Promise<void> {
    const stay = await this.ownStay(principal, meetingId, participantId);
    await this.meetings.updateParticipant(stay.id, changes);
    await this.announce(meetingId, { state: true });
  }

  async react(principal: Principal, meetingId: string, participantId: string, emoji: string): Promise<void> {
    await this.ownStay(principal, meetingId, participantId);
    const inside = await this.meetings.present(meetingId, 'joined');
    await this.fanout.toUsers(this.userIds(inside), {
      type: 'meeting.reaction',
      data: { meetingId, participantId, emoji },
    });
  }

  private async ownStay(
    principal: Principal,
    meetingId: string,
    participantId: string,
  ): Promise<ParticipantRow> {
    const stay = await this.meetings.participant(participantId);
    if (
      !stay ||
      stay.meetingId !== meetingId ||
      stay.userId !== principal.userId ||
      stay.status !== 'joined'
    ) {
      throw participantNotFound();
    }
    return stay;
  }

  /**
   * Ends a stay: my own (leaving), or someone else's (a moderator removing them: their media
   * stops at once and they come back only through the lobby).
   */
  async leaveOrRemove(principal: Principal, meetingId: string, participantId: string): Promise<void> {
    const stay = await this.meetings.participant(participantId);
    if (!stay || stay.meetingId !== meetingId || (stay.status !== 'joined' && stay.status !== 'lobby')) {
      throw participantNotFound();
    }
    if (stay.userId === principal.userId) {
      await this.end([stay], 'left');
      return;
    }
    const { meeting } = await this.moderator(principal, meetingId);
    if (stay.userId === meeting.hostId) throw hostOnly();
    await this.end([stay], 'removed', async (tx) => {
      if (stay.userId) await this.meetings.setStanding(meetingId, stay.userId, 'removed', tx);
    });
    if (stay.userId) {
      await this.fanout.toUsers([stay.userId], {
        type: 'meeting.removed',
        data: { meetingId, participantId },
      });
    }
  }

  /** A moderator turns someone's microphone or camera off, lowers their hand, or changes their role. */
  async moderate(
    principal: Principal,
    meetingId: string,
    participantId: string,
    changes: z.output<typeof ModerateParticipantRequestSchema>,
  ): Promise<void> {
    const { meeting, standing } = await this.moderator(principal, meetingId);
    const stay = await this.meetings.participant(participantId);
    if (!stay || stay.meetingId !== meetingId || stay.status !== 'joined') throw participantNotFound();
    const { role, ...media } = changes;
    if (role) {
      // Only the host names co-hosts; a co-host stays one until the host says otherwise.
      if (standing !== 'host' && !principal.permissions.has('meetings.manage')) throw hostOnly();
      if (!stay.userId || stay.userId === meeting.hostId) throw participantNotFound();
      await this.database.db.transaction(async (tx) => {
        if (role === 'cohost') await this.meetings.setStanding(meetingId, stay.userId!, 'cohost', tx);
        else await this.meetings.setStanding(meetingId, stay.userId!, 'invitee', tx);
        for (const own of await this.meetings.present(meetingId, 'joined', tx)) {
          if (own.userId === stay.userId) await this.meetings.updateParticipant(own.id, { role }, tx);
        }
      });
    }
    if (Object.keys(media).length > 0) {
      await this.meetings.updateParticipant(stay.id, media);
      if (stay.userId) {
        await this.fanout.toUsers([stay.userId], {
          type: 'meeting.moderated',
          data: { meetingId, participantId, ...media },
        });
      }
    }
    await this.announce(meetingId, { state: true });
  }

  // --- lobby ---------------------------------------------------------------------------------

  async lobby(principal: Principal, meetingId: string) {
    await this.moderator(principal, meetingId);
    return (await this.meetings.present(meetingId, 'lobby')).map(toLobbyEntry);
  }

  async decide(
    principal: Principal,
    meetingId: string,
    participantId: string,
    admit: boolean,
  ): Promise<void> {
    await this.moderator(principal, meetingId);
    const admitted = await this.database.db.transaction(async (tx) => {
      const meeting = (await this.meetings.lock(meetingId, tx))!;
      const stay = await this.meetings.participant(participantId, tx);
      if (!stay || stay.meetingId !== meetingId || stay.status !== 'lobby') throw participantNotFound();
      if (!admit) {
        await this.meetings.updateParticipant(stay.id, { status: 'denied', leftAt: new Date() }, tx);
        return stay;
      }
      await this.makeRoom(meeting, tx);
      const now = new Date();
      await this.meetings.updateParticipant(
        stay.id,
        { status: 'joined', joinedAt: now, lastSeenAt: now },
        tx,
      );
      // Let in once is let in: a removed person admitted again is an ordinary participant.
      if (stay.userId && (await this.meetings.standing(meetingId, stay.userId, tx)) === 'removed') {
        await this.meetings.clearStanding(meetingId, stay.userId, tx);
      }
      await this.goLive(meeting, now, tx);
      return stay;
    });
    const meeting = (await this.meetings.findById(meetingId))!;
    if (admit && admitted.userId) await this.chats.addToMeetingChat(meeting.chatId, [admitted.userId]);
    if (admitted.userId) {
      await this.fanout.toUsers([admitted.userId], {
        type: admit ? 'meeting.admitted' : 'meeting.denied',
        data: { meetingId, participantId },
      });
    }
    await this.announce(meetingId, { state: admit, lobby: true });
  }

  // --- the whole meeting ---------------------------------------------------------------------

  async lock(principal: Principal, meetingId: string, locked: boolean): Promise<void> {
    await this.moderator(principal, meetingId);
    await this.meetings.update(meetingId, { locked });
    await this.announce(meetingId, { state: true });
  }

  /** Ends the meeting for everyone: every stay ends, the lobby empties, media stops. */
  async endForAll(principal: Principal, meetingId: string): Promise<void> {
    await this.moderator(principal, meetingId);
    const everyone = [
      ...(await this.meetings.present(meetingId, 'joined')),
      ...(await this.meetings.present(meetingId, 'lobby')),
    ];
    await this.end(everyone, 'left');
    // Ending the last stay ended the meeting; one nobody was in is ended here.
    const meeting = await this.meetings.findById(meetingId);
    if (meeting?.status === 'live') await this.meetings.update(meetingId, afterMeeting(meeting, new Date()));
    await this.fanout.toUsers(this.userIds(everyone), { type: 'meeting.ended', data: { meetingId } });
  }

  /** The host hands the meeting to someone else, and stays on as a co-host. */
  async handOver(principal: Principal, meetingId: string, userId: string): Promise<void> {
    const { meeting, standing } = await this.moderator(principal, meetingId);
    if (standing !== 'host' && !principal.permissions.has('meetings.manage')) throw hostOnly();
    if (userId === meeting.hostId) return;
    const inside = await this.meetings.present(meetingId, 'joined');
    if (!inside.some((stay) => stay.userId === userId)) throw participantNotFound();
    await this.database.db.transaction(async (tx) => {
      await this.meetings.update(meetingId, { hostId: userId }, tx);
      await this.meetings.clearStanding(meetingId, userId, tx);
      await this.meetings.setStanding(meetingId, meeting.hostId, 'cohost', tx);
      for (const stay of inside) {
        if (stay.userId === userId) await this.meetings.updateParticipant(stay.id, { role: 'host' }, tx);
        if (stay.userId === meeting.hostId)
          await this.meetings.updateParticipant(stay.id, { role: 'cohost' }, tx);
      }
    });
    await this.announce(meetingId, { state: true });
  }

  private async moderator(principal: Principal, meetingId: string) {
    const meeting = await this.meetings.findById(meetingId);
    if (!meeting) throw meetingNotFound();
    const standing = await this.meetingsService.standing(meeting, principal.userId);
    if (!meetingPolicy.isModerator(standing, principal)) {
      // Someone with no business in the meeting learns nothing about it.
      const inside = await this.meetings.present(meetingId, 'joined');
      if (!inside.some((stay) => stay.userId === principal.userId)) throw meetingNotFound();
      throw hostOnly();
    }
    return { meeting, standing };
  }

  /**
   * Ends stays (left, removed) with the meeting locked. When the last person leaves the meeting
   * is over until someone joins again; when the last moderator leaves, the person in the meeting
   * longest becomes a co-host, so there is always someone who can admit and mute.
   */
  private async end(
    stays: ParticipantRow[],
    status: 'left' | 'removed',
    alsoInTx?: (tx: Db) => Promise<void>,
  ): Promise<void> {
    const byMeeting = new Map<string, ParticipantRow[]>();
    for (const stay of stays) byMeeting.set(stay.meetingId, [...(byMeeting.get(stay.meetingId) ?? []), stay]);
    for (const [meetingId, asked] of byMeeting) {
      let own: ParticipantRow[] = [];
      const emptied = await this.database.db.transaction(async (tx) => {
        const meeting = await this.meetings.lock(meetingId, tx);
        if (!meeting) return false;
        // Read again under the lock: another node's sweep, or a second request, may have ended them.
        own = (
          await this.meetings.participants(
            asked.map((stay) => stay.id),
            tx,
          )
        ).filter((stay) => stay.status === 'lobby' || stay.status === 'joined');
        if (own.length === 0) return false;
        const now = new Date();
        for (const stay of own) {
          await this.meetings.updateParticipant(
            stay.id,
            { status: stay.status === 'lobby' ? 'left' : status, leftAt: now },
            tx,
          );
        }
        await alsoInTx?.(tx);
        const inside = await this.meetings.present(meetingId, 'joined', tx);
        if (inside.length === 0) {
          if (meeting.status === 'live')
            await this.meetings.update(meetingId, afterMeeting(meeting, now), tx);
          return true;
        }
        await this.keepAModerator(meeting, inside, tx);
        return false;
      });
      if (own.length === 0) continue;
      await this.sfuRelay.release(own);
      if (emptied) await this.sfuRelay.closeRoom(meetingId);
      await this.announce(meetingId, { state: true, lobby: own.some((stay) => stay.status === 'lobby') });
    }
  }

  private async keepAModerator(meeting: MeetingRow, inside: ParticipantRow[], tx: Db): Promise<void> {
    const moderators = new Set([meeting.hostId]);
    for (const member of await this.meetings.members(meeting.id, tx)) {
      if (member.role === 'cohost') moderators.add(member.userId);
    }
    if (inside.some((stay) => stay.userId && moderators.has(stay.userId))) return;
    const successor = inside.find((stay) => stay.userId);
    if (!successor) return;
    await this.meetings.setStanding(meeting.id, successor.userId!, 'cohost', tx);
    for (const stay of inside) {
      if (stay.userId === successor.userId)
        await this.meetings.updateParticipant(stay.id, { role: 'cohost' }, tx);
    }
  }

  /** Ends the stays of clients that stopped sending heartbeats (closed tab, lost network, dead node). */
  async sweep(): Promise<number> {
    const before = new Date(Date.now() - this.config.meetings.heartbeatMs * MISSED_HEARTBEATS);
    const meetingIds = await this.meetings.staleMeetings(before);
    for (const meetingId of meetingIds) {
      const stale = await this.database.db.transaction((tx) => this.meetings.staleIn(meetingId, before, tx));
      await this.end(stale, 'left');
    }
    return meetingIds.length;
  }

  // --- telling people ------------------------------------------------------------------------

  async state(meeting: MeetingRow): Promise<MeetingState> {
    const inside = await this.meetings.present(meeting.id, 'joined');
    const members = await this.meetings.members(meeting.id);
    return {
      meetingId: meeting.id,
      status: meeting.status,
      topology: chooseTopology(inside.length, this.topologyLimits()) ?? 'mesh',
      hostId: meeting.hostId,
      cohostIds: members.filter((member) => member.role === 'cohost').map((member) => member.userId),
      locked: meeting.locked,
      participants: inside.map(toParticipantDto),
    };
  }

  private async announce(meetingId: string, changes: Changes): Promise<void> {
    const meeting = await this.meetings.findById(meetingId);
    if (!meeting) return;
    const inside = await this.meetings.present(meetingId, 'joined');
    if (changes.state) {
      await this.fanout.toUsers(this.userIds(inside), {
        type: 'meeting.state',
        data: await this.state(meeting),
      });
    }
    if (changes.lobby) {
      const members = await this.meetings.members(meetingId);
      const moderators = new Set([
        meeting.hostId,
        ...members.filter((member) => member.role === 'cohost').map((member) => member.userId),
      ]);
      const waiting = (await this.meetings.present(meetingId, 'lobby')).map(toLobbyEntry);
      await this.fanout.toUsers([...moderators], { type: 'meeting.lobby', data: { meetingId, waiting } });
    }
  }

  private userIds(stays: ParticipantRow[]): string[] {
    return [...new Set(stays.flatMap((stay) => (stay.userId ? [stay.userId] : [])))];
  }
}
