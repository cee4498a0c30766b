import { type Principal } from '../auth/guard/principal.js';
import { type ChatRow, type MemberRow } from './chats.repository.js';

/**
 * Who may do what in a chat: the system role's permissions plus the chat role. Every check of
 * the chats domain is here, so a rule is changed in one place.
 */
export const chatPolicy = {
  /** Seeing that the chat exists and reading it: members, and anyone but guests for public channels. */
  canSee(chat: ChatRow, membership: MemberRow | null, principal: Principal): boolean {
    if (membership) return true;
    return chat.kind === 'channel' && principal.role !== 'guest';
  },

  canJoin(chat: ChatRow, principal: Principal): boolean {
    return chat.kind === 'channel' && principal.role !== 'guest' && chat.archivedAt === null;
  },

  canPost(chat: ChatRow, membership: MemberRow | null): boolean {
    return membership !== null && chat.archivedAt === null;
  },

  /** Rename, topic, description, archive, remove others. */
  canManage(chat: ChatRow, membership: MemberRow | null, principal: Principal): boolean {
    if (chat.kind === 'direct' || chat.kind === 'self') return false;
    return isChatAdmin(membership) || principal.permissions.has('chats.manage');
  },

  /** Inviting people: any member of a channel, private channel or group. */
  canAddMembers(chat: ChatRow, membership: MemberRow | null, principal: Principal): boolean {
    // A meeting's chat follows the meeting: its invitees and those who came.
    if (chat.kind === 'direct' || chat.kind === 'self' || chat.kind === 'meeting') return false;
    return membership !== null || principal.permissions.has('chats.manage');
  },

  /**
   * Changing a member's role from `from` to `to`: owners and admins manage members and admins;
   * only the owner (or a system manager) hands ownership over, and the owner's own role changes
   * only that way.
   */
  canChangeRole(
    chat: ChatRow,
    membership: MemberRow | null,
    principal: Principal,
    from: MemberRow['role'],
    to: MemberRow['role'],
  ): boolean {
    if (!this.canManage(chat, membership, principal)) return false;
    if (from === 'owner') return false;
    if (to === 'owner') return membership?.role === 'owner' || principal.permissions.has('chats.manage');
    return true;
  },

  canDelete(chat: ChatRow, membership: MemberRow | null, principal: Principal): boolean {
    // A meeting's chat goes only with its meeting.
    if (chat.kind === 'self' || chat.kind === 'meeting') return false;
    return membership?.role === 'owner' || principal.permissions.has('chats.manage');
  },

  canEditMessage(authorId: string | null, principal: Principal): boolean {
    return authorId === principal.userId;
  },

  canDeleteMessage(authorId: string | null, membership: MemberRow | null, principal: Principal): boolean {
    return (
      authorId === principal.userId ||
      isChatAdmin(membership) ||
      principal.permissions.has('messages.moderate')
    );
  },
};

function isChatAdmin(membership: MemberRow | null): boolean {
  return membership?.role === 'owner' || membership?.role === 'admin';
}
