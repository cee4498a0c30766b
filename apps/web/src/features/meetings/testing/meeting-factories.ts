import { type Meeting, type MeetingParticipant, type MeetingState } from '@beseda/protocol';
import { type JoinedResponse } from '../call/call-session';

export function buildMeeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: crypto.randomUUID(),
    code: 'abc-defg-hij',
    url: 'http://localhost/m/abc-defg-hij',
    title: 'Weekly planning',
    description: '',
    timeZone: 'UTC',
    hostId: crypto.randomUUID(),
    cohostIds: [],
    startsAt: null,
    durationMinutes: 60,
    recurrence: 'none',
    access: 'organisation',
    hasPasscode: false,
    passcode: null,
    allowGuests: false,
    status: 'live',
    locked: false,
    chatId: crypto.randomUUID(),
    originChatId: null,
    invitees: [],
    participantCount: 1,
    createdAt: '2026-03-01T09:00:00.000Z',
    startedAt: '2026-03-01T09:00:00.000Z',
    endedAt: null,
    ...overrides,
  };
}

export function buildParticipant(overrides: Partial<MeetingParticipant> = {}): MeetingParticipant {
  return {
    id: crypto.randomUUID(),
    userId: crypto.randomUUID(),
    displayName: 'Anna Petrova',
    role: 'participant',
    audio: true,
    video: true,
    screen: false,
    handRaised: false,
    joinedAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  };
}

export function buildLive(
  meeting: Meeting,
  participants: MeetingParticipant[],
  overrides: Partial<MeetingState> = {},
) {
  return {
    meetingId: meeting.id,
    status: 'live',
    topology: participants.length > 2 ? 'mesh' : 'p2p',
    hostId: meeting.hostId,
    cohostIds: [],
    locked: false,
    participants,
    ...overrides,
  } satisfies MeetingState;
}

export function buildJoined(
  meeting: Meeting,
  me: MeetingParticipant,
  others: MeetingParticipant[] = [],
): JoinedResponse {
  return {
    state: 'joined',
    participantId: me.id,
    role: me.role,
    meeting,
    live: buildLive(meeting, [me, ...others]),
    iceServers: [],
    iceServersExpireAt: null,
    iceTransportPolicy: 'all',
    heartbeatIntervalMs: 10_000,
  };
}
