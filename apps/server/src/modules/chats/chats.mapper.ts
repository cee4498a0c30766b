import { type Chat, type Message } from '@beseda/protocol';
import { type ChatView } from './chats.repository.js';
import { type MessageRow, type ReactionRow } from './messages.repository.js';

export function toChatDto({
  chat,
  membership,
  memberCount,
  unreadCount,
  mentionCount,
  peer,
}: ChatView): Chat {
  return {
    id: chat.id,
    type: chat.kind,
    name: chat.kind === 'direct' ? (peer?.displayName ?? null) : chat.name,
    topic: chat.topic,
    description: chat.description,
    archived: chat.archivedAt !== null,
    lastSeq: chat.lastSeq,
    memberCount,
    peerId: peer?.id ?? null,
    membership: membership
      ? {
          role: membership.role,
          lastReadSeq: membership.lastReadSeq,
          notificationLevel: membership.notificationLevel,
          muted: membership.muted,
          favourite: membership.favourite,
        }
      : null,
    unreadCount,
    mentionCount,
    createdAt: chat.createdAt.toISOString(),
  };
}

/** A deleted message keeps its id and place; its text never leaves the server again. */
export interface ThreadSummary {
  rootId: string;
  replyCount: number;
  lastReplyAt: Date;
  participantIds: string[];
}

export function toMessageDto(
  row: MessageRow,
  reactions: ReactionRow[] = [],
  threads: ThreadSummary[] = [],
  pinned: Array<{ messageId: string; pinnedAt: Date }> = [],
): Message {
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    chatId: row.chatId,
    seq: row.seq,
    authorId: row.authorId,
    clientId: row.clientId,
    text: deleted ? '' : row.text,
    replyToId: row.replyToId,
    threadRootId: row.threadRootId,
    thread: threadOf(row.id, threads),
    pinnedAt: deleted
      ? null
      : (pinned.find((pin) => pin.messageId === row.id)?.pinnedAt.toISOString() ?? null),
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deleted,
    reactions: deleted ? [] : summarise(reactions.filter((reaction) => reaction.messageId === row.id)),
  };
}

function summarise(reactions: ReactionRow[]): Message['reactions'] {
  const byEmoji = new Map<string, string[]>();
  for (const reaction of reactions) {
    const users = byEmoji.get(reaction.emoji) ?? [];
    users.push(reaction.userId);
    byEmoji.set(reaction.emoji, users);
  }
  return [...byEmoji].map(([emoji, userIds]) => ({ emoji, count: userIds.length, userIds }));
}

function threadOf(id: string, threads: ThreadSummary[]): Message['thread'] {
  const summary = threads.find((thread) => thread.rootId === id);
  if (!summary) return null;
  return {
    replyCount: summary.replyCount,
    lastReplyAt: summary.lastReplyAt.toISOString(),
    participantIds: summary.participantIds,
  };
}
