import { type LobbyEntry, type Meeting, type MeetingParticipant } from '@beseda/protocol';
import { type MeetingMemberRow, type MeetingRow, type ParticipantRow } from './meetings.repository.js';

export function meetingUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/m/${code}`;
}

export function toMeetingDto(
  meeting: MeetingRow,
  members: MeetingMemberRow[],
  participantCount: number,
  publicUrl: string,
  moderator: boolean,
): Meeting {
  const withRole = (role: MeetingMemberRow['role']) =>
    members.filter((member) => member.role === role).map((member) => member.userId);
  return {
    id: meeting.id,
    code: meeting.code,
    url: meetingUrl(publicUrl, meeting.code),
    title: meeting.title,
    description: meeting.description,
    hostId: meeting.hostId,
    cohostIds: withRole('cohost'),
    startsAt: meeting.startsAt?.toISOString() ?? null,
    durationMinutes: meeting.durationMinutes,
    recurrence: meeting.recurrence,
    timeZone: meeting.timeZone,
    access: meeting.access,
    hasPasscode: meeting.passcode !== null,
    passcode: moderator ? meeting.passcode : null,
    allowGuests: meeting.allowGuests,
    status: meeting.status,
    locked: meeting.locked,
    chatId: meeting.chatId,
    originChatId: meeting.originChatId,
    invitees: withRole('invitee'),
    participantCount,
    createdAt: meeting.createdAt.toISOString(),
    startedAt: meeting.startedAt?.toISOString() ?? null,
    endedAt: meeting.endedAt?.toISOString() ?? null,
  };
}

export function toParticipantDto(row: ParticipantRow): MeetingParticipant {
  return {
    id: row.id,
    userId: row.userId,
    displayName: row.displayName,
    role: row.role,
    audio: row.audio,
    video: row.video,
    screen: row.screen,
    handRaised: row.handRaised,
    joinedAt: (row.joinedAt ?? row.askedAt).toISOString(),
  };
}

export function toLobbyEntry(row: ParticipantRow): LobbyEntry {
  return {
    participantId: row.id,
    userId: row.userId,
    displayName: row.displayName,
    since: row.askedAt.toISOString(),
  };
}
