import { z } from 'zod';
import { FileSchema, MAX_ATTACHMENTS_PER_MESSAGE } from './files.js';

export const ChatKindSchema = z.enum(['channel', 'private', 'group', 'direct', 'self', 'meeting']);
export type ChatKind = z.infer<typeof ChatKindSchema>;
export const ChatRoleSchema = z.enum(['owner', 'admin', 'member']);
export const NotificationLevelSchema = z.enum(['all', 'mentions', 'nothing']);

/** The longest message text accepted, in characters. */
export const MESSAGE_MAX_LENGTH = 10_000;

const ChatNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .refine((name) => ![...name].some((char) => char.charCodeAt(0) < 0x20), 'No control characters');

export const CreateChatRequestSchema = z
  .strictObject({
    /** `channel` is public (anyone may find and join it); `private` is invite-only. */
    type: z.enum(['channel', 'private', 'group', 'direct']),
    name: ChatNameSchema.optional(),
    topic: z.string().trim().max(250).optional(),
    description: z.string().trim().max(2000).optional(),
    /** Other members to add; exactly one for `direct`. */
    memberIds: z.array(z.uuid()).max(500).default([]),
  })
  .meta({ id: 'CreateChatRequest' });

export const UpdateChatRequestSchema = z
  .strictObject({
    name: ChatNameSchema.optional(),
    topic: z.string().trim().max(250).optional(),
    description: z.string().trim().max(2000).optional(),
    archived: z.boolean().optional(),
  })
  .meta({ id: 'UpdateChatRequest' });

/** The caller's own settings for a chat. */
export const UpdateMembershipRequestSchema = z
  .strictObject({
    notificationLevel: NotificationLevelSchema.optional(),
    muted: z.boolean().optional(),
    favourite: z.boolean().optional(),
  })
  .meta({ id: 'UpdateMembershipRequest' });

export const MembershipSchema = z
  .object({
    role: ChatRoleSchema,
    lastReadSeq: z.number().int(),
    notificationLevel: NotificationLevelSchema,
    muted: z.boolean(),
    favourite: z.boolean(),
  })
  .meta({ id: 'Membership' });

export const ChatSchema = z
  .object({
    id: z.uuid(),
    type: ChatKindSchema,
    /** For direct chats: the other person's display name as seen by the caller. */
    name: z.string().nullable(),
    topic: z.string(),
    description: z.string(),
    archived: z.boolean(),
    lastSeq: z.number().int(),
    memberCount: z.number().int(),
    /** For direct chats: the other person. */
    peerId: z.uuid().nullable(),
    /** The caller's membership; null for a public channel they have not joined. */
    membership: MembershipSchema.nullable(),
    unreadCount: z.number().int(),
    /** Unread messages that mention the caller (by name, @channel or @here). */
    mentionCount: z.number().int(),
    createdAt: z.iso.datetime(),
    /** When the last message (or thread reply) was posted; null while the chat is empty. */
    lastMessageAt: z.iso.datetime().nullable(),
    /** A meeting's chat: its meeting (`/meetings/<id>`). Absent for every other kind of chat. */
    meetingId: z.uuid().optional(),
  })
  .meta({ id: 'Chat' });
export type Chat = z.infer<typeof ChatSchema>;

export const ChatListSchema = z.object({ items: z.array(ChatSchema) }).meta({ id: 'ChatList' });

export const ChatMemberSchema = z
  .object({ userId: z.uuid(), role: ChatRoleSchema, joinedAt: z.iso.datetime() })
  .meta({ id: 'ChatMember' });
export const ChatMemberListSchema = z
  .object({ items: z.array(ChatMemberSchema) })
  .meta({ id: 'ChatMemberList' });

/** A member's chat role. Making someone `owner` hands the chat over: the previous owner becomes an admin. */
export const UpdateMemberRequestSchema = z
  .strictObject({ role: ChatRoleSchema })
  .meta({ id: 'UpdateMemberRequest' });

export const AddMembersRequestSchema = z
  .strictObject({ userIds: z.array(z.uuid()).min(1).max(500) })
  .meta({ id: 'AddMembersRequest' });

/** A reaction: one emoji (or a `:shortcode:`), at most 32 characters, no spaces. */
export const EmojiSchema = z
  .string()
  .min(1)
  .max(32)
  .refine(
    (emoji) => ![...emoji].some((char) => char.trim() === '' || char.charCodeAt(0) < 0x20),
    'One emoji',
  );

export const ReactionSummarySchema = z
  .object({ emoji: z.string(), count: z.number().int().positive(), userIds: z.array(z.uuid()) })
  .meta({ id: 'ReactionSummary' });

/** How much of a quoted message travels with the quoting one. */
export const QUOTE_EXCERPT_LENGTH = 300;

export const QuoteSchema = z
  .object({
    messageId: z.uuid(),
    seq: z.number().int().positive(),
    authorId: z.uuid().nullable(),
    /** The first characters of the quoted text; empty once the quoted message is deleted. */
    excerpt: z.string(),
    deleted: z.boolean(),
  })
  .meta({ id: 'Quote' });

export const MessageSchema = z
  .object({
    id: z.uuid(),
    chatId: z.uuid(),
    seq: z.number().int().positive(),
    authorId: z.uuid().nullable(),
    clientId: z.string(),
    /** Empty for a deleted message. */
    text: z.string(),
    replyToId: z.uuid().nullable(),
    /** Set on thread replies: the top-level message of the thread. Null in the main timeline. */
    threadRootId: z.uuid().nullable(),
    /** On a top-level message that has replies: the thread's summary. */
    thread: z
      .object({
        replyCount: z.number().int().positive(),
        lastReplyAt: z.iso.datetime(),
        /** Authors of the replies, most recent first, at most 5. */
        participantIds: z.array(z.uuid()),
      })
      .nullable(),
    createdAt: z.iso.datetime(),
    editedAt: z.iso.datetime().nullable(),
    deleted: z.boolean(),
    /** In the order each emoji was first used. */
    reactions: z.array(ReactionSummarySchema),
    /** When it was pinned to the chat; null when it is not pinned. */
    pinnedAt: z.iso.datetime().nullable(),
    /** The earlier message of the same chat this one quotes, as it reads now. */
    quote: QuoteSchema.nullable(),
    /** Set on a forwarded copy: who wrote the original and when. */
    forwarded: z.object({ authorId: z.uuid().nullable(), createdAt: z.iso.datetime() }).nullable(),
    /** Files sent with the message, in the order given; empty when none and once deleted. */
    attachments: z.array(FileSchema),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof MessageSchema>;

export const MessageListSchema = z.object({ items: z.array(MessageSchema) }).meta({ id: 'MessageList' });

export const SendMessageRequestSchema = z
  .strictObject({
    /** Client-generated; sending the same id again returns the first message instead of a copy. */
    clientId: z.string().min(8).max(64),
    /** Required unless the message carries attachments. */
    text: z.string().max(MESSAGE_MAX_LENGTH, `At most ${MESSAGE_MAX_LENGTH} characters`).default(''),
    /** Reply in the thread of this message (a reply to a reply goes into the same thread). */
    replyTo: z.uuid().optional(),
    /** Quote an earlier message of the same chat. */
    quote: z.uuid().optional(),
    /** Ids of files the sender uploaded (POST /api/v1/files) and has not attached to a message yet. */
    attachments: z
      .array(z.uuid())
      .max(MAX_ATTACHMENTS_PER_MESSAGE, `At most ${MAX_ATTACHMENTS_PER_MESSAGE} files per message`)
      .refine((ids) => new Set(ids).size === ids.length, 'A file can be attached once')
      .optional(),
  })
  .refine((message) => message.text.trim().length > 0 || (message.attachments?.length ?? 0) > 0, {
    message: 'A message needs text',
    path: ['text'],
  })
  .meta({ id: 'SendMessageRequest' });

export const ForwardMessageRequestSchema = z
  .strictObject({
    /** The chat to post the copy in; the caller must be able to write there. */
    chatId: z.uuid(),
    /** As for sending: the same id again returns the first copy. */
    clientId: z.string().min(8).max(64),
  })
  .meta({ id: 'ForwardMessageRequest' });

export const EditMessageRequestSchema = z
  .strictObject({
    text: z
      .string()
      .max(MESSAGE_MAX_LENGTH, `At most ${MESSAGE_MAX_LENGTH} characters`)
      .refine((text) => text.trim().length > 0, 'A message needs text'),
  })
  .meta({ id: 'EditMessageRequest' });

export const MessageHistoryQuerySchema = z
  .strictObject({
    /** Messages with a seq below this one, newest first in the page but returned oldest first. */
    before: z.coerce.number().int().positive().optional(),
    /** Messages with a seq above this one (to close a gap after a reconnect). */
    after: z.coerce.number().int().min(0).optional(),
    /** Messages around this message (jump to a message). */
    around: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => [query.before, query.after, query.around].filter((v) => v !== undefined).length <= 1, {
    message: 'Use at most one of before, after, around',
  });

export const MarkReadRequestSchema = z
  .strictObject({ seq: z.number().int().min(0) })
  .meta({ id: 'MarkReadRequest' });

export const MentionListSchema = z
  .object({ items: z.array(MessageSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'MentionList' });

export const MessageVersionListSchema = z
  .object({ items: z.array(z.object({ text: z.string(), replacedAt: z.iso.datetime() })) })
  .meta({ id: 'MessageVersionList' });

export const ThreadSchema = z
  .object({
    root: MessageSchema,
    /** Replies, oldest first. */
    items: z.array(MessageSchema),
    /** Whether the caller is told about new replies. */
    following: z.boolean(),
  })
  .meta({ id: 'Thread' });

export const ThreadQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
