import { z } from 'zod';
import { ChatRoleSchema, ChatSchema, MessageSchema } from '../api/chats.js';
import { NotificationSchema } from '../api/notifications.js';
import {
  JsepSchema,
  LobbyEntrySchema,
  MeetingStateSchema,
  SfuFeedSchema,
  SfuSubscribedStreamSchema,
  SignalPayloadSchema,
} from '../api/meetings.js';
import { MeSchema } from '../api/users.js';

/**
 * WebSocket protocol at /api/v1/ws. The client's first frame is `auth` (the access token never
 * travels in the URL); the server answers `hello` or closes with one of CloseCode. Events carry a
 * per-connection `seq`; a client that reconnects sends the stream id and the last seq it saw, and
 * gets the missed events replayed, or `resync` when they are gone (then it reloads over REST).
 */

export const CloseCode = {
  /** The access token is invalid or expired, or the account cannot sign in. */
  authFailed: 4001,
  /** No `auth` frame arrived in time. */
  authTimeout: 4002,
  /** The session was signed out (logout, revocation, password change, block). */
  sessionRevoked: 4003,
  /** A frame that is not JSON or not of the protocol. */
  badFrame: 4004,
  /** The client sent frames faster than allowed. */
  rateLimited: 4008,
  /** The server is shutting down; reconnect (to another node). */
  goingAway: 1001,
} as const;

export const ResumeSchema = z.strictObject({
  streamId: z.uuid(),
  /** The last event seq the client processed on that stream. */
  lastSeq: z.number().int().min(0),
});

export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('auth'),
    token: z.string().min(1).max(4096),
    resume: ResumeSchema.optional(),
  }),
  /** A fresh access token for a live connection, sent before the current one expires. */
  z.strictObject({ type: z.literal('reauth'), token: z.string().min(1).max(4096) }),
  z.strictObject({ type: z.literal('ping') }),
  z.strictObject({
    type: z.literal('request'),
    /** Client-generated; the one response carries it back. */
    id: z.string().min(1).max(64),
    method: z.string().min(1).max(64),
    params: z.unknown(),
  }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

/** Server → client events, one schema each, joined in one union on `type`. */
export const RealtimeEventSchema = z.discriminatedUnion('type', [
  /** The signed-in account changed (profile, status) — from another tab or device. */
  z.object({ type: z.literal('me.updated'), data: MeSchema }),
  z.object({ type: z.literal('message.created'), data: MessageSchema }),
  /** Edited, pinned or unpinned, or its thread summary changed. */
  z.object({ type: z.literal('message.updated'), data: MessageSchema }),
  /** Deleted: the tombstone that takes its place (`deleted` is true, the text is gone). */
  z.object({ type: z.literal('message.deleted'), data: MessageSchema }),
  /** A chat was created with the user in it, or the user was added to a chat (or joined it). */
  z.object({ type: z.literal('chat.created'), data: ChatSchema }),
  /** A chat the user belongs to changed: name, topic, archived or unarchived, members, own settings. */
  z.object({ type: z.literal('chat.updated'), data: ChatSchema }),
  /** A chat the user belonged to was deleted for everyone. */
  z.object({ type: z.literal('chat.deleted'), data: z.object({ chatId: z.uuid() }) }),
  /** The user no longer has access: they left or were removed. */
  z.object({ type: z.literal('chat.removed'), data: z.object({ chatId: z.uuid() }) }),
  /** Someone joined or was added to a chat the user is in (the newcomer gets chat.created instead). */
  z.object({
    type: z.literal('member.added'),
    data: z.object({ chatId: z.uuid(), userId: z.uuid(), role: ChatRoleSchema }),
  }),
  /** A member's role in a chat the user is in changed. */
  z.object({
    type: z.literal('member.updated'),
    data: z.object({ chatId: z.uuid(), userId: z.uuid(), role: ChatRoleSchema }),
  }),
  /** Someone left or was removed from a chat the user is in. */
  z.object({ type: z.literal('member.removed'), data: z.object({ chatId: z.uuid(), userId: z.uuid() }) }),
  z.object({
    type: z.literal('reaction.added'),
    data: z.object({ chatId: z.uuid(), messageId: z.uuid(), userId: z.uuid(), emoji: z.string() }),
  }),
  z.object({
    type: z.literal('reaction.removed'),
    data: z.object({ chatId: z.uuid(), messageId: z.uuid(), userId: z.uuid(), emoji: z.string() }),
  }),
  /** A new notification for this user (the list and its unread count change). */
  z.object({ type: z.literal('notification.created'), data: NotificationSchema }),
  /** Notifications were marked read on another device: these, or all when `ids` is null. */
  z.object({
    type: z.literal('notification.read'),
    data: z.object({ ids: z.array(z.uuid()).nullable() }),
  }),
  /** A new message mentions this user (also delivered as message.created to every member). */
  z.object({ type: z.literal('mention'), data: MessageSchema }),
  /** Someone who shares a chat with the user came online, went offline or changed their status. */
  z.object({
    type: z.literal('presence.changed'),
    data: z.object({ userId: z.uuid(), presence: z.enum(['online', 'away', 'dnd', 'offline']) }),
  }),
  /** Someone is typing in a chat; show it for a few seconds unless repeated. */
  z.object({ type: z.literal('typing'), data: z.object({ chatId: z.uuid(), userId: z.uuid() }) }),
  /** The user read up to `seq` on another device: the chat's badges as they are now. */
  z.object({
    type: z.literal('read.updated'),
    data: z.object({
      chatId: z.uuid(),
      lastReadSeq: z.number().int(),
      unreadCount: z.number().int(),
      mentionCount: z.number().int(),
    }),
  }),
  /** Who is in a meeting I am in, their media, the topology: the whole state, on every change. */
  z.object({ type: z.literal('meeting.state'), data: MeetingStateSchema }),
  /** WebRTC signaling from another participant to mine. */
  z.object({
    type: z.literal('meeting.signal'),
    data: z.object({ meetingId: z.uuid(), from: z.uuid(), to: z.uuid(), payload: SignalPayloadSchema }),
  }),
  /** For hosts and co-hosts: who waits in the lobby now. */
  z.object({
    type: z.literal('meeting.lobby'),
    data: z.object({ meetingId: z.uuid(), waiting: z.array(LobbyEntrySchema) }),
  }),
  /** My lobby stay was admitted (join again with its participantId) or denied. */
  z.object({
    type: z.literal('meeting.admitted'),
    data: z.object({ meetingId: z.uuid(), participantId: z.uuid() }),
  }),
  z.object({
    type: z.literal('meeting.denied'),
    data: z.object({ meetingId: z.uuid(), participantId: z.uuid() }),
  }),
  /** A host turned my microphone or camera off, or lowered my hand. */
  z.object({
    type: z.literal('meeting.moderated'),
    data: z.object({
      meetingId: z.uuid(),
      participantId: z.uuid(),
      audio: z.literal(false).optional(),
      video: z.literal(false).optional(),
      handRaised: z.literal(false).optional(),
    }),
  }),
  /** I was removed from the meeting: stop media now. */
  z.object({
    type: z.literal('meeting.removed'),
    data: z.object({ meetingId: z.uuid(), participantId: z.uuid() }),
  }),
  z.object({ type: z.literal('meeting.ended'), data: z.object({ meetingId: z.uuid() }) }),
  z.object({
    type: z.literal('meeting.reaction'),
    data: z.object({ meetingId: z.uuid(), participantId: z.uuid(), emoji: z.string() }),
  }),
  /** Through the SFU: who publishes what now (for my stay `participantId` to subscribe to). */
  z.object({
    type: z.literal('meeting.sfu.feeds'),
    data: z.object({ meetingId: z.uuid(), participantId: z.uuid(), feeds: z.array(SfuFeedSchema) }),
  }),
  /** Through the SFU: someone stopped publishing or left. */
  z.object({
    type: z.literal('meeting.sfu.gone'),
    data: z.object({ meetingId: z.uuid(), participantId: z.uuid(), feed: z.string() }),
  }),
  /** Through the SFU: Janus renegotiates my receiving connection; answer with meeting.sfu.answer. */
  z.object({
    type: z.literal('meeting.sfu.offer'),
    data: z.object({
      meetingId: z.uuid(),
      participantId: z.uuid(),
      jsep: JsepSchema,
      streams: z.array(SfuSubscribedStreamSchema),
    }),
  }),
  /** Through the SFU: my connection to it ended (removed, the meeting ended, the SFU restarted). */
  z.object({
    type: z.literal('meeting.sfu.closed'),
    data: z.object({ meetingId: z.uuid(), participantId: z.uuid(), reason: z.string() }),
  }),
]);
export type RealtimeEvent = z.infer<typeof RealtimeEventSchema>;

export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    connectionId: z.uuid(),
    /** Name of this connection's event stream; send it back with `resume` after a reconnect. */
    streamId: z.uuid(),
    serverVersion: z.string(),
    heartbeatIntervalMs: z.number().int().positive(),
    resumed: z.boolean(),
    /** The seq of the last event on the stream; the next event has seq + 1. */
    seq: z.number().int().min(0),
  }),
  z.object({ type: z.literal('event'), seq: z.number().int().positive(), event: RealtimeEventSchema }),
  /** Exactly one per request: `data` when ok, `error` (the REST error codes) otherwise. */
  z.object({
    type: z.literal('response'),
    id: z.string(),
    ok: z.boolean(),
    data: z.unknown().optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
  /** Missed events cannot be replayed: reload state over REST (history with `after=seq`). */
  z.object({ type: z.literal('resync'), reason: z.string() }),
  z.object({ type: z.literal('pong') }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;
