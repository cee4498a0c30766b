import { Controller, Delete, Get, Inject, Patch, Post, Req, Res } from '@nestjs/common';
import {
  AttendanceQuerySchema,
  AttendanceSchema,
  CreateMeetingRequestSchema,
  GuestAccessRequestSchema,
  HandOverRequestSchema,
  JoinMeetingRequestSchema,
  JoinMeetingResponseSchema,
  LobbyDecisionRequestSchema,
  LobbyEntrySchema,
  LockMeetingRequestSchema,
  MeetingListQuerySchema,
  MeetingListSchema,
  MeetingPreviewSchema,
  MeetingReactionRequestSchema,
  MeetingSchema,
  ModerateParticipantRequestSchema,
  TokenPairSchema,
  UpdateMeetingRequestSchema,
  UpdateMyParticipantRequestSchema,
} from '@beseda/protocol';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Endpoint, ValidBody, ValidParams, ValidQuery } from '../../common/http/endpoint.decorator.js';
import { requestContext } from '../../common/http/request-context.js';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { CurrentPrincipal, type Principal } from '../auth/guard/principal.js';
import { setRefreshCookie, wantsCookie } from '../auth/refresh-cookie.js';
import { MeetingGuestsService } from './meeting-guests.service.js';
import { MeetingRoomService } from './meeting-room.service.js';
import { MeetingsService } from './meetings.service.js';

const tags = ['meetings'];
/** A meeting's id, or its code as people type it. */
const RefSchema = z.strictObject({ ref: z.string().trim().min(1).max(64) });
const IdSchema = z.strictObject({ id: z.uuid() });
const ParticipantParamsSchema = z.strictObject({ id: z.uuid(), participantId: z.uuid() });
const notFound = 'meeting.not_found (also for meetings the caller may not see)';
const hostOnly = 'meeting.host_only';

@Controller('api/v1')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly room: MeetingRoomService,
    private readonly guests: MeetingGuestsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post('meetings')
  @Endpoint({
    summary: 'Create an instant or scheduled meeting',
    description:
      'Without startsAt the meeting is instant. With chatId (a chat the caller is in), its members are invited.',
    tags,
    permissions: ['meetings.create'],
    body: CreateMeetingRequestSchema,
    response: MeetingSchema,
    status: 201,
    errors: {
      400: 'validation.failed (unknown invitees) or meeting.invalid_time_zone',
      404: 'chat.not_found',
    },
  })
  create(
    @CurrentPrincipal() principal: Principal,
    @ValidBody() body: z.output<typeof CreateMeetingRequestSchema>,
  ) {
    return this.meetings.create(principal, body);
  }

  @Get('meetings')
  @Endpoint({
    summary: 'My meetings: upcoming (scheduled or live) or past',
    description: 'Those I host, co-host, am invited to, or attended.',
    tags,
    query: MeetingListQuerySchema,
    response: MeetingListSchema,
  })
  list(
    @CurrentPrincipal() principal: Principal,
    @ValidQuery() query: z.output<typeof MeetingListQuerySchema>,
  ) {
    return this.meetings.list(principal, query);
  }

  @Get('meetings/:ref')
  @Endpoint({
    summary: 'One meeting, by id or code',
    description: 'The passcode is shown to the host and co-hosts only.',
    tags,
    params: RefSchema,
    response: MeetingSchema,
    errors: { 404: notFound },
  })
  get(@CurrentPrincipal() principal: Principal, @ValidParams() params: z.output<typeof RefSchema>) {
    return this.meetings.get(principal, params.ref);
  }

  @Get('meetings/:ref/preview')
  @Endpoint({
    summary:
      'What the join screen shows for a code: the title, whether it needs a passcode, whether guests may ask in',
    tags,
    params: RefSchema,
    public: true,
    response: MeetingPreviewSchema,
    errors: { 404: 'meeting.not_found', 429: 'rate_limited (too many unknown codes)' },
  })
  preview(@ValidParams() params: z.output<typeof RefSchema>, @Req() request: FastifyRequest) {
    return this.room.preview(params.ref, request.ip);
  }

  @Get('meetings/:ref/calendar.ics')
  @Endpoint({
    summary: 'The meeting as an iCalendar (.ics) file, to add to a calendar',
    tags,
    params: RefSchema,
    responseContentType: 'text/calendar',
    errors: { 404: notFound },
  })
  async calendar(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof RefSchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { file, code } = await this.meetings.calendar(principal, params.ref);
    void reply.header('Content-Type', 'text/calendar; charset=utf-8');
    void reply.header('Content-Disposition', `attachment; filename="meeting-${code}.ics"`);
    return file;
  }

  @Patch('meetings/:ref')
  @Endpoint({
    summary: 'Change a meeting (host or co-host)',
    tags,
    params: RefSchema,
    body: UpdateMeetingRequestSchema,
    response: MeetingSchema,
    errors: { 400: 'meeting.invalid_time_zone', 403: hostOnly, 404: notFound, 409: 'meeting.closed' },
  })
  update(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof RefSchema>,
    @ValidBody() body: z.output<typeof UpdateMeetingRequestSchema>,
  ) {
    return this.meetings.update(principal, params.ref, body);
  }

  @Delete('meetings/:ref')
  @Endpoint({
    summary: 'Cancel a meeting that is not live (host or co-host)',
    tags,
    params: RefSchema,
    status: 204,
    errors: { 403: hostOnly, 404: notFound, 409: 'meeting.closed (it is live)' },
  })
  async cancel(@CurrentPrincipal() principal: Principal, @ValidParams() params: z.output<typeof RefSchema>) {
    await this.meetings.cancel(principal, params.ref);
  }

  @Post('meetings/:ref/guests')
  @Endpoint({
    public: true,
    summary: 'Come to a meeting without an account: a guest account, signed in, that joins through the lobby',
    description:
      'Only for meetings with access `code` and guests allowed; the passcode is checked here. Answers like ' +
      '/auth/login (the refresh token as a cookie for the web client). Then join as anyone else.',
    tags,
    params: RefSchema,
    body: GuestAccessRequestSchema,
    response: TokenPairSchema,
    status: 201,
    errors: {
      403: 'meeting.not_allowed (no guests), meeting.wrong_passcode',
      404: 'meeting.not_found',
      409: 'meeting.closed',
      429: 'rate_limited',
    },
  })
  async guest(
    @ValidParams() params: z.output<typeof RefSchema>,
    @ValidBody() body: z.output<typeof GuestAccessRequestSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { pair, refreshToken } = await this.guests.admit(params.ref, body, requestContext(request));
    if (wantsCookie(request)) {
      setRefreshCookie(reply, this.config, refreshToken);
      return pair;
    }
    return { ...pair, refreshToken };
  }

  @Post('meetings/:ref/join')
  @Endpoint({
    summary: 'Join a meeting, or ask to (the lobby)',
    description:
      'Answers `joined` with what the client needs to connect (topology, ICE servers with TURN credentials, ' +
      'the live state) or `lobby` (wait for meeting.admitted, then join again with participantId). ' +
      'Keep the stay alive with the `meeting.heartbeat` socket command.',
    tags,
    params: RefSchema,
    body: JoinMeetingRequestSchema,
    response: JoinMeetingResponseSchema,
    errors: {
      403: 'meeting.wrong_passcode, meeting.not_allowed',
      404: 'meeting.not_found, meeting.participant_not_found',
      409: 'meeting.closed, meeting.sfu_required',
      429: 'rate_limited (wrong passcodes or unknown codes)',
    },
  })
  join(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof RefSchema>,
    @ValidBody() body: z.output<typeof JoinMeetingRequestSchema>,
    @Req() request: FastifyRequest,
  ) {
    // Without a device name from the client, attendance shows its browser.
    const device = body.device ?? requestContext(request).userAgent?.slice(0, 120);
    return this.room.join(principal, params.ref, { ...body, device }, request.ip);
  }

  @Get('meetings/:id/attendance')
  @Endpoint({
    summary: 'Who attended, when and for how long (host, co-hosts, administrators)',
    tags,
    params: IdSchema,
    query: AttendanceQuerySchema,
    response: AttendanceSchema,
    errors: { 403: hostOnly, 404: `${notFound}; meeting.occurrence_not_found` },
  })
  attendance(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof IdSchema>,
    @ValidQuery() query: z.output<typeof AttendanceQuerySchema>,
  ) {
    return this.meetings.attendance(principal, params.id, query.occurrence);
  }

  @Get('meetings/:id/lobby')
  @Endpoint({
    summary: 'Who waits in the lobby (host or co-host)',
    tags,
    params: IdSchema,
    response: z.object({ items: z.array(LobbyEntrySchema) }).meta({ id: 'LobbyList' }),
    errors: { 403: hostOnly, 404: notFound },
  })
  async lobby(@CurrentPrincipal() principal: Principal, @ValidParams() params: z.output<typeof IdSchema>) {
    return { items: await this.room.lobby(principal, params.id) };
  }

  @Post('meetings/:id/lobby/:participantId')
  @Endpoint({
    summary: 'Admit or turn away someone waiting in the lobby (host or co-host)',
    tags,
    params: ParticipantParamsSchema,
    body: LobbyDecisionRequestSchema,
    status: 204,
    errors: { 403: hostOnly, 404: 'meeting.participant_not_found', 409: 'meeting.sfu_required' },
  })
  async decide(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ParticipantParamsSchema>,
    @ValidBody() body: z.output<typeof LobbyDecisionRequestSchema>,
  ) {
    await this.room.decide(principal, params.id, params.participantId, body.admit);
  }

  @Patch('meetings/:id/participants/:participantId')
  @Endpoint({
    summary: 'My own microphone, camera, screen share and raised hand, as others see them',
    tags,
    params: ParticipantParamsSchema,
    body: UpdateMyParticipantRequestSchema,
    status: 204,
    errors: { 404: 'meeting.participant_not_found' },
  })
  async updateMine(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ParticipantParamsSchema>,
    @ValidBody() body: z.output<typeof UpdateMyParticipantRequestSchema>,
  ) {
    await this.room.updateMine(principal, params.id, params.participantId, body);
  }

  @Post('meetings/:id/participants/:participantId/moderate')
  @Endpoint({
    summary: "Turn someone's microphone or camera off, lower their hand, make or unmake a co-host",
    description: 'Host or co-host; only the host names co-hosts. The person is told (meeting.moderated).',
    tags,
    params: ParticipantParamsSchema,
    body: ModerateParticipantRequestSchema,
    status: 204,
    errors: { 403: hostOnly, 404: 'meeting.participant_not_found' },
  })
  async moderate(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ParticipantParamsSchema>,
    @ValidBody() body: z.output<typeof ModerateParticipantRequestSchema>,
  ) {
    await this.room.moderate(principal, params.id, params.participantId, body);
  }

  @Delete('meetings/:id/participants/:participantId')
  @Endpoint({
    summary: 'Leave (my own stay), or remove someone (host or co-host)',
    description: 'A removed person comes back only when a host admits them from the lobby.',
    tags,
    params: ParticipantParamsSchema,
    status: 204,
    errors: { 403: hostOnly, 404: 'meeting.participant_not_found' },
  })
  async leaveOrRemove(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ParticipantParamsSchema>,
  ) {
    await this.room.leaveOrRemove(principal, params.id, params.participantId);
  }

  @Post('meetings/:id/participants/:participantId/reactions')
  @Endpoint({
    summary: 'Send a reaction everyone in the meeting sees for a moment',
    tags,
    params: ParticipantParamsSchema,
    body: MeetingReactionRequestSchema,
    status: 204,
    errors: { 404: 'meeting.participant_not_found' },
  })
  async react(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof ParticipantParamsSchema>,
    @ValidBody() body: z.output<typeof MeetingReactionRequestSchema>,
  ) {
    await this.room.react(principal, params.id, params.participantId, body.emoji);
  }

  @Post('meetings/:id/lock')
  @Endpoint({
    summary: 'Lock or unlock: while locked, newcomers wait in the lobby (host or co-host)',
    tags,
    params: IdSchema,
    body: LockMeetingRequestSchema,
    status: 204,
    errors: { 403: hostOnly, 404: notFound },
  })
  async lock(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof IdSchema>,
    @ValidBody() body: z.output<typeof LockMeetingRequestSchema>,
  ) {
    await this.room.lock(principal, params.id, body.locked);
  }

  @Post('meetings/:id/end')
  @Endpoint({
    summary: 'End the meeting for everyone (host or co-host)',
    tags,
    params: IdSchema,
    status: 204,
    errors: { 403: hostOnly, 404: notFound },
  })
  async end(@CurrentPrincipal() principal: Principal, @ValidParams() params: z.output<typeof IdSchema>) {
    await this.room.endForAll(principal, params.id);
  }

  @Post('meetings/:id/host')
  @Endpoint({
    summary: 'Hand the meeting to someone in it (host); the previous host becomes a co-host',
    tags,
    params: IdSchema,
    body: HandOverRequestSchema,
    status: 204,
    errors: { 403: hostOnly, 404: 'meeting.participant_not_found' },
  })
  async handOver(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof IdSchema>,
    @ValidBody() body: z.output<typeof HandOverRequestSchema>,
  ) {
    await this.room.handOver(principal, params.id, body.userId);
  }
}
