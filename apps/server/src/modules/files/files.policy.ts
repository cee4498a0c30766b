import { type Principal } from '../auth/guard/principal.js';
import { chatPolicy } from '../chats/chats.policy.js';
import { type ChatRow, type MemberRow } from '../chats/chats.repository.js';
import { type FileRow } from './files.repository.js';

/** Who may read a file with their own token (signed links carry their permission themselves). */
export const filesPolicy = {
  /**
   * An upload not yet sent is its uploader's alone; once attached, it is readable by whoever may
   * read the chat it was sent in, by the chats' own rule.
   */
  canRead(
    file: FileRow,
    access: { chat: ChatRow; membership: MemberRow | null } | undefined,
    principal: Principal,
  ): boolean {
    if (!file.messageId) return file.ownerId === principal.userId;
    return access !== undefined && chatPolicy.canSee(access.chat, access.membership, principal);
  },
};
