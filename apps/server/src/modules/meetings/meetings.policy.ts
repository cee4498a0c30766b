import { type MeetingRole } from '@beseda/protocol';
import { type Principal } from '../auth/guard/principal.js';
import { type MeetingRow, type StandingRole } from './meetings.repository.js';

/** The caller's standing in a meeting: its host, or their row in meeting_members, or none. */
export type Standing = 'host' | StandingRole | null;

/** Where a join request goes: straight in, to the lobby, or nowhere. */
export type Admission = 'in' | 'lobby' | 'refused';

/** Every rule of who may do what with a meeting, in one place. */
export const meetingPolicy = {
  /** Runs it: host and co-hosts (and administrators with meetings.manage). */
  isModerator(standing: Standing, principal: Principal | undefined): boolean {
    return (
      standing === 'host' || standing === 'cohost' || principal?.permissions.has('meetings.manage') === true
    );
  },

  /**
   * Sees the whole meeting (description, invitees, its chat): those with a standing, those who
   * attended, and in an organisation-wide meeting every account but guest accounts.
   */
  canSee(meeting: MeetingRow, standing: Standing, attended: boolean, principal: Principal): boolean {
    if (standing === 'removed') return attended;
    if (standing || attended || principal.permissions.has('meetings.manage')) return true;
    return meeting.access === 'organisation' && principal.role !== 'guest';
  },

  /** Changes the meeting's details, invitees, cancels it: the host and co-hosts. */
  canEdit(standing: Standing, principal: Principal): boolean {
    return this.isModerator(standing, principal);
  },

  /**
   * Where a person asking to join goes, before the passcode check. Moderators always go in;
   * removed people and everyone while the meeting is locked wait for a moderator; guests without
   * an account always wait, and only where the host allows them.
   */
  admission(meeting: MeetingRow, standing: Standing, principal: Principal | undefined): Admission {
    if (this.isModerator(standing, principal)) return 'in';
    if (!principal) return meeting.access === 'code' && meeting.allowGuests ? 'lobby' : 'refused';
    if (standing === 'removed' || meeting.locked) return 'lobby';
    switch (meeting.access) {
      case 'organisation':
        return principal.role !== 'guest' || standing === 'invitee' ? 'in' : 'lobby';
      case 'invitees':
        return standing === 'invitee' ? 'in' : 'lobby';
      case 'code':
        // Guests (accounts made to come to this meeting, or outside collaborators) are let in by a host.
        return principal.role !== 'guest' || standing === 'invitee' ? 'in' : 'lobby';
    }
  },

  /** The passcode is asked of everyone who is neither a moderator nor invited. */
  needsPasscode(meeting: MeetingRow, standing: Standing, principal: Principal | undefined): boolean {
    if (!meeting.passcode) return false;
    return !this.isModerator(standing, principal) && standing !== 'invitee';
  },

  /** The role a stay gets in the meeting. */
  roleOf(standing: Standing, principal: Principal | undefined): MeetingRole {
    if (standing === 'host') return 'host';
    if (standing === 'cohost') return 'cohost';
    return !principal || principal.role === 'guest' ? 'guest' : 'participant';
  },
};
