import { type Me, type Meeting } from '@beseda/protocol';
import { isModeratorOf } from './meeting-display';

/**
 * Whether I may change the meeting's details: its host and co-hosts, and administrators who
 * manage meetings (the server's meetingPolicy.canEdit), while it is not over.
 */
export function canEditMeeting(meeting: Meeting, me: Me | undefined): boolean {
  if (!me || meeting.status === 'ended' || meeting.status === 'cancelled') return false;
  return isModeratorOf(meeting, me.id) || me.permissions.includes('meetings.manage');
}
