import { type Chat, type File, type Message, QUOTE_EXCERPT_LENGTH } from '@beseda/protocol';
import { type ChatView } from './chats.repository.js';
import { type MessageRow, type ReactionRow } from './messages.repository.js';

export function toChatDto({
  chat,
  membership,
  memberCount,
  unreadCount,
  mentionCount,
  peer,
  meetingId,
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
    lastMessageAt: chat.lastMessageAt?.toISOString() ?? null,
    ...(chat.kind === 'meeting' && meetingId ? { meetingId } : {}),
  };
}

export interface ThreadSummary {
  rootId: string;
  replyCount: number;
  lastReplyAt: Date;
  participantIds: string[];
}

/** What a message's DTO shows besides its own row, loaded in bulk for a page of messages. */
export interface MessageExtras {
  reactions: ReactionRow[];
  threads: ThreadSummary[];
  pins: Array<{ messageId: string; pinnedAt: Date }>;
  /** The messages quoted by the page's messages. */
  quoted: MessageRow[];
  /** The page's files, signed for the reader, in attachment order. */
  attachments: Array<{ messageId: string; file: File }>;
}

/** A deleted message keeps its id and place; its text never leaves the server again. */
export function toMessageDto(row: MessageRow, extras: Partial<MessageExtras> = {}): Message {
  const { reactions = [], threads = [], pins = [], quoted = [], attachments = [] } = extras;
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
    pinnedAt: deleted ? null : (pins.find((pin) => pin.messageId === row.id)?.pinnedAt.toISOString() ?? null),
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deleted,
    reactions: deleted ? [] : summarise(reactions.filter((reaction) => reaction.messageId === row.id)),
    quote: deleted ? null : quoteOf(row.quoteId, quoted),
    forwarded:
      row.forwardedAt && !deleted
        ? { authorId: row.forwardedAuthorId, createdAt: row.forwardedAt.toISOString() }
        : null,
    attachments: deleted
      ? []
      : attachments.filter((attachment) => attachment.messageId === row.id).map(({ file }) => file),
  };
}

function quoteOf(quoteId: string | null, quoted: MessageRow[]): Message['quote'] {
  if (!quoteId) return null;
  const target = quoted.find((candidate) => candidate.id === quoteId);
  if (!target) return null;
  const deleted = target.deletedAt !== null;
  return {
    messageId: target.id,
    seq: target.seq,
    authorId: target.authorId,
    excerpt: deleted ? '' : excerpt(target.text),
    deleted,
  };
}

/** The start of a text, cut at a character boundary (never inside a surrogate pair). */
function excerpt(text: string): string {
  const chars = [...text];
  if (chars.length <= QUOTE_EXCERPT_LENGTH) return text;
  return `${chars.slice(0, QUOTE_EXCERPT_LENGTH).join('').trimEnd()}…`;
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
