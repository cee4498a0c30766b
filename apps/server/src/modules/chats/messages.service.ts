import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  ErrorCode,
  type ForwardMessageRequestSchema,
  type Message,
  type MessageHistoryQuerySchema,
  SendMessageRequestSchema,
} from '@beseda/protocol';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { decodeTimeCursor, encodeTimeCursor } from '../../common/http/time-cursor.js';
import { Database, type Db } from '../../infra/db/database.js';
import { RealtimeCommands } from '../../realtime/realtime-commands.js';
import { PresenceTracker } from '../../realtime/presence-tracker.js';
import { RealtimeFanout } from '../../realtime/realtime-fanout.js';
import { type Principal } from '../auth/guard/principal.js';
import { FilesService } from '../files/files.service.js';
import { NotificationsService, type PendingNotifications } from '../notifications/notifications.service.js';
import { toMessageDto } from './chats.mapper.js';
import { chatPolicy } from './chats.policy.js';
import { type ChatRow, ChatsRepository, type MemberRow } from './chats.repository.js';
import { ChatsService } from './chats.service.js';
import { parseMentions } from './mentions.js';
import { type MessageRow, MessagesRepository, type NewMessageRow } from './messages.repository.js';

const messageNotFound = () => new AppError(ErrorCode.messageNotFound, 404, 'No such message');
const SocketSendSchema = SendMessageRequestSchema.safeExtend({ chatId: z.uuid() });
const SocketReadSchema = z.strictObject({ chatId: z.uuid(), seq: z.number().int().min(0) });
const SocketTypingSchema = z.strictObject({ chatId: z.uuid() });
/** Enough for any real conversation; stops one message from growing without bound. */
const MAX_EMOJI_PER_MESSAGE = 50;
/** As in the chat tools people know; a pin list is a short list of what matters now. */
const MAX_PINS_PER_CHAT = 100;

/** Posting, reacting and pinning need a membership that may write, in a chat that is not archived. */
function mustBeAbleToPost(chat: ChatRow, membership: MemberRow | null, message: string): void {
  if (chatPolicy.canPost(chat, membership)) return;
  if (chat.archivedAt) throw new AppError(ErrorCode.chatArchived, 409, 'The chat is archived');
  throw new AppError(ErrorCode.forbidden, 403, message);
}

function isUniqueViolation(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | null)?.cause];
  return candidates.some((candidate) => (candidate as { code?: unknown } | null)?.code === '23505');
}

@Injectable()
export class MessagesService implements OnModuleInit {
  constructor(
    private readonly database: Database,
    private readonly chatsService: ChatsService,
    private readonly chats: ChatsRepository,
    private readonly messages: MessagesRepository,
    private readonly fanout: RealtimeFanout,
    private readonly commands: RealtimeCommands,
    private readonly presence: PresenceTracker,
    private readonly files: FilesService,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit() {
    this.commands.register(
      'message.send',
      SocketSendSchema,
      ({ chatId, ...body }, { principal, connectionId }) => this.send(principal, chatId, body, connectionId),
    );
    this.commands.register('chat.typing', SocketTypingSchema, async ({ chatId }, { principal }) => {
      await this.typing(principal, chatId);
      return {};
    });
    this.commands.register(
      'chat.read',
      SocketReadSchema,
      async ({ chatId, seq }, { principal, connectionId }) => ({
        lastReadSeq: await this.chatsService.markRead(principal, chatId, seq, connectionId),
      }),
    );
  }

  /**
   * Stores a message with the chat's next seq and tells every member. Sending the same clientId
   * again (a retry after a lost reply) returns the stored message and tells nobody twice.
   */
  async send(
    principal: Principal,
    chatId: string,
    input: z.output<typeof SendMessageRequestSchema>,
    connectionId?: string,
  ): Promise<Message> {
    const { chat, membership } = await this.chatsService.access(principal, chatId);
    const checked = await this.retryOr(principal, input.clientId, async () => {
      mustBeAbleToPost(chat, membership, 'Join the chat to write in it');
      // A quote points into the same chat, so everyone who sees the quote may see what it quotes.
      if (input.quote) {
        const quoted = await this.messages.findById(input.quote);
        if (!quoted || quoted.chatId !== chatId || quoted.deletedAt) throw messageNotFound();
      }
      // A reply goes into the thread of the message it answers; replies to replies stay in that thread.
      if (!input.replyTo) return null;
      const parent = await this.messages.findById(input.replyTo);
      if (!parent || parent.chatId !== chatId || parent.deletedAt) throw messageNotFound();
      return parent.threadRootId ?? parent.id;
    });
    if ('earlier' in checked) return this.sameRequest(checked.earlier, chatId);
    const threadRootId = checked.passed;
    return this.store(
      principal,
      chat,
      {
        clientId: input.clientId,
        text: input.text,
        replyToId: input.replyTo ?? null,
        threadRootId,
        quoteId: input.quote ?? null,
      },
      connectionId,
      input.attachments ?? [],
    );
  }

  /**
   * Posts a copy of a message the caller can read into a chat they can write in. The copy
   * keeps the original's author and time; it is a message of its own from then on.
   */
  async forward(
    principal: Principal,
    messageId: string,
    input: z.output<typeof ForwardMessageRequestSchema>,
    connectionId?: string,
  ): Promise<Message> {
    const { message: original } = await this.mustSee(principal, messageId);
    if (original.deletedAt) throw messageNotFound();
    const { chat, membership } = await this.chatsService.access(principal, input.chatId);
    const checked = await this.retryOr(principal, input.clientId, async () =>
      mustBeAbleToPost(chat, membership, 'Join the chat to write in it'),
    );
    if ('earlier' in checked) return this.sameRequest(checked.earlier, input.chatId);
    return this.store(
      principal,
      chat,
      {
        clientId: input.clientId,
        text: original.text,
        // Forwarding a forward credits the first author, not the person in between.
        forwardedAuthorId: original.forwardedAt ? original.forwardedAuthorId : original.authorId,
        forwardedAt: original.forwardedAt ?? original.createdAt,
      },
      connectionId,
    );
  }

  /**
   * Runs the checks of a send. A send that fails them may still be the retry of one that passed
   * (the chat was archived in between, say): then the stored message is the answer, as for any
   * retry. Retries that pass are caught by the clientId's unique index when storing, so the
   * common case costs no lookup.
   */
  private async retryOr<T>(
    principal: Principal,
    clientId: string,
    checks: () => Promise<T>,
  ): Promise<{ passed: T } | { earlier: MessageRow }> {
    try {
      return { passed: await checks() };
    } catch (error) {
      const earlier =
        error instanceof AppError && (await this.messages.findByClientId(principal.userId, clientId));
      if (earlier) return { earlier };
      throw error;
    }
  }

  private async store(
    principal: Principal,
    chat: ChatRow,
    fields: Pick<
      NewMessageRow,
      'clientId' | 'text' | 'replyToId' | 'threadRootId' | 'quoteId' | 'forwardedAuthorId' | 'forwardedAt'
    >,
    connectionId?: string,
    attachments: string[] = [],
  ): Promise<Message> {
    const chatId = chat.id;
    const threadRootId = fields.threadRootId ?? null;
    const parsed = parseMentions(fields.text);
    const mentionsSomeone = parsed.usernames.length > 0 || parsed.channel || parsed.here;
    // Direct messages notify, so they are written with their notifications in a transaction.
    const plain = !threadRootId && !mentionsSomeone && attachments.length === 0 && chat.kind !== 'direct';
    // Who is online is looked up before the transaction, which must stay short.
    const online = parsed.here ? await this.onlineMembers(chatId) : [];
    let row: MessageRow;
    let mentioned: string[] = [];
    let notified: PendingNotifications = [];
    try {
      // Most messages are plain timeline messages: one statement, no transaction to hold the chat locked.
      row = plain
        ? await this.messages.insertNext({ ...fields, id: uuidv7(), chatId, authorId: principal.userId })
        : await this.database.db.transaction(async (tx) => {
            const seq = await this.messages.nextSeq(chatId, tx);
            const inserted = await this.messages.insert(
              { ...fields, id: uuidv7(), chatId, seq, authorId: principal.userId },
              tx,
            );
            // After the insert: a retried send stops at the clientId's unique index before this.
            if (attachments.length > 0) await this.files.attach(attachments, inserted.id, principal, tx);
            const mentions = await this.recordMentions(inserted, chat.kind, online, tx, { fresh: true });
            mentioned = [...mentions.keys()];
            let followers: string[] = [];
            if (threadRootId) {
              const root = await this.messages.findById(threadRootId, tx);
              await this.messages.follow(
                threadRootId,
                [root?.authorId, principal.userId].filter((id): id is string => Boolean(id)),
                tx,
              );
              followers = await this.messages.followersOf(threadRootId, tx);
            }
            const others = chat.kind === 'direct' ? await this.chats.memberIds(chatId, tx) : [];
            notified = await this.notifications.forMessage(
              inserted,
              {
                authorId: principal.userId,
                chatKind: chat.kind,
                mentioned: mentions,
                threadFollowers: new Set(followers),
              },
              [...mentioned, ...followers, ...others],
              tx,
            );
            return inserted;
          });
    } catch (error) {
      // A retry, or the same clientId sent twice at once: the unique index let one through; answer with it.
      const winner =
        isUniqueViolation(error) && (await this.messages.findByClientId(principal.userId, fields.clientId));
      if (winner) return this.sameRequest(winner, chatId);
      throw error;
    }
    // The sender has read the timeline up to their own message (the one-statement path did that
    // already); a thread reply says nothing about it.
    if (!threadRootId && !plain) await this.chats.markRead(chatId, principal.userId, row.seq);
    // A new message has no reactions, replies or pin yet: only a quote needs looking up.
    const message = toMessageDto(row, {
      quoted: row.quoteId ? await this.messages.findByIds([row.quoteId]) : [],
      attachments: attachments.length > 0 ? await this.files.ofMessages([row.id]) : [],
    });
    await this.fanout.toUsers(
      await this.chats.memberIds(chatId),
      { type: 'message.created', data: message },
      connectionId,
    );
    await this.fanout.toUsers(mentioned, { type: 'mention', data: message });
    await this.notifications.announce(notified);
    if (threadRootId) {
      // The thread's root shows the new reply count and last reply.
      const root = await this.messages.findById(threadRootId);
      if (root) await this.announceUpdate(root);
    }
    return message;
  }

  /** Members of the chat with a live connection on any node: whom @here reaches. */
  private async onlineMembers(chatId: string): Promise<string[]> {
    const members = await this.chats.memberIds(chatId);
    const online = await Promise.all(members.map((userId) => this.presence.isOnline(userId)));
    return members.filter((_, index) => online[index]);
  }

  async history(principal: Principal, chatId: string, query: z.output<typeof MessageHistoryQuerySchema>) {
    await this.chatsService.access(principal, chatId);
    let rows: MessageRow[];
    if (query.around) {
      const anchor = await this.messages.findById(query.around);
      if (!anchor || anchor.chatId !== chatId) throw messageNotFound();
      const half = Math.floor(query.limit / 2);
      const before = await this.messages.page(chatId, { before: anchor.seq }, half);
      const from = await this.messages.page(chatId, { from: anchor.seq }, query.limit - before.length);
      rows = [...before, ...from];
    } else {
      rows = await this.messages.page(chatId, { before: query.before, after: query.after }, query.limit);
    }
    return this.present(rows);
  }

  /** A thread: its root and replies (oldest first, paged with `after`), and whether I follow it. */
  async thread(principal: Principal, messageId: string, after: number | undefined, limit: number) {
    const { message } = await this.mustSee(principal, messageId);
    const root = message.threadRootId ? await this.messages.findById(message.threadRootId) : message;
    if (!root) throw messageNotFound();
    const replies = await this.messages.page(root.chatId, { after: after ?? 0 }, limit, root.id);
    const [presentedRoot] = await this.present([root]);
    return {
      root: presentedRoot!,
      items: await this.present(replies),
      following: await this.messages.isFollowing(root.id, principal.userId),
    };
  }

  async setFollowing(principal: Principal, messageId: string, follow: boolean): Promise<void> {
    const { message } = await this.mustSee(principal, messageId);
    const rootId = message.threadRootId ?? message.id;
    if (follow) await this.messages.follow(rootId, [principal.userId]);
    else await this.messages.unfollow(rootId, principal.userId);
  }

  /** Pins or unpins a message for everyone in the chat; members who can write may do it. */
  async setPinned(
    principal: Principal,
    messageId: string,
    pinned: boolean,
    connectionId?: string,
  ): Promise<void> {
    const { message, chat, membership } = await this.mustSee(principal, messageId);
    if (message.deletedAt) throw messageNotFound();
    mustBeAbleToPost(chat, membership, 'Join the chat to pin in it');
    if (pinned && (await this.messages.pinCount(chat.id)) >= MAX_PINS_PER_CHAT) {
      throw new AppError(
        ErrorCode.validationFailed,
        400,
        `A chat holds at most ${MAX_PINS_PER_CHAT} pinned messages`,
      );
    }
    if (await this.messages.setPinned(message, principal.userId, pinned)) {
      await this.announceUpdate(message, connectionId);
    }
  }

  async pinned(principal: Principal, chatId: string): Promise<Message[]> {
    await this.chatsService.access(principal, chatId);
    return this.present(await this.messages.pinnedIn(chatId));
  }

  /** Messages as the API shows them: with reaction, thread, pin and quote summaries. */
  private async present(rows: MessageRow[]): Promise<Message[]> {
    const ids = rows.map((row) => row.id);
    const quoteIds = [...new Set(rows.flatMap((row) => (row.quoteId ? [row.quoteId] : [])))];
    const [reactions, threads, pins, quoted, attachments] = await Promise.all([
      this.messages.reactionsOf(ids),
      this.messages.threadSummaries(rows.filter((row) => !row.threadRootId).map((row) => row.id)),
      this.messages.pinsOf(ids),
      this.messages.findByIds(quoteIds),
      this.files.ofMessages(rows.filter((row) => !row.deletedAt).map((row) => row.id)),
    ]);
    return rows.map((row) => toMessageDto(row, { reactions, threads, pins, quoted, attachments }));
  }

  async react(principal: Principal, messageId: string, emoji: string, add: boolean): Promise<void> {
    const { message, chat, membership } = await this.mustSee(principal, messageId);
    if (message.deletedAt) throw messageNotFound();
    mustBeAbleToPost(chat, membership, 'Join the chat to react in it');
    if (add && (await this.messages.emojiCount(messageId)) >= MAX_EMOJI_PER_MESSAGE) {
      throw new AppError(
        ErrorCode.validationFailed,
        400,
        `A message holds at most ${MAX_EMOJI_PER_MESSAGE} different reactions`,
      );
    }
    const changed = add
      ? await this.messages.addReaction(messageId, principal.userId, emoji)
      : await this.messages.removeReaction(messageId, principal.userId, emoji);
    if (!changed) return;
    await this.fanout.toUsers(await this.chats.memberIds(message.chatId), {
      type: add ? 'reaction.added' : 'reaction.removed',
      data: { chatId: message.chatId, messageId, userId: principal.userId, emoji },
    });
  }

  /** Typing notices go only to the other members who are connected; nothing is stored. */
  async typing(principal: Principal, chatId: string): Promise<void> {
    const { chat, membership } = await this.chatsService.access(principal, chatId);
    if (!chatPolicy.canPost(chat, membership)) return;
    const others = (await this.chats.memberIds(chatId)).filter((id) => id !== principal.userId);
    await this.fanout.toUsers(others, { type: 'typing', data: { chatId, userId: principal.userId } });
  }

  async edit(principal: Principal, messageId: string, text: string, connectionId?: string): Promise<Message> {
    const { message, chat } = await this.mustSee(principal, messageId);
    if (message.deletedAt) throw messageNotFound();
    if (!chatPolicy.canEditMessage(message.authorId, principal)) {
      throw new AppError(ErrorCode.forbidden, 403, 'Only the author can edit a message');
    }
    if (chat.archivedAt) throw new AppError(ErrorCode.chatArchived, 409, 'The chat is archived');
    if (text === message.text) return (await this.present([message]))[0]!;
    const online = parseMentions(text).here ? await this.onlineMembers(chat.id) : [];
    const { row, notified } = await this.database.db.transaction(async (tx) => {
      const before = new Set(await this.messages.mentionedIn(message.id, tx));
      const updated = await this.messages.replaceText(message.id, message.text, text, uuidv7(), tx);
      const mentions = await this.recordMentions(updated, chat.kind, online, tx);
      // Someone the edit mentions for the first time hears of it, as if it had been sent so.
      const added = new Map([...mentions].filter(([userId]) => !before.has(userId)));
      if (added.size === 0 || chat.kind === 'direct' || chat.kind === 'self') {
        return { row: updated, notified: [] };
      }
      const facts = { authorId: principal.userId, chatKind: chat.kind, mentioned: added };
      return {
        row: updated,
        notified: await this.notifications.forMessage(updated, facts, added.keys(), tx),
      };
    });
    const updated = await this.announceUpdate(row, connectionId);
    await this.notifications.announce(notified);
    return updated;
  }

  async delete(principal: Principal, messageId: string, connectionId?: string): Promise<void> {
    const { message, membership } = await this.mustSee(principal, messageId);
    if (message.deletedAt) return;
    if (!chatPolicy.canDeleteMessage(message.authorId, membership, principal)) {
      throw new AppError(ErrorCode.forbidden, 403, 'You cannot delete this message');
    }
    const row = await this.database.db.transaction(async (tx) => {
      await this.messages.setMentions(message, [], tx);
      await this.notifications.forgetMessage(message.id, tx);
      await this.files.detachDeleted(message.id, tx);
      return this.messages.tombstone(message.id, tx);
    });
    await this.announceUpdate(row, connectionId, 'message.deleted');
  }

  /** Earlier texts of an edited message, oldest first; none once it is deleted. */
  async versions(principal: Principal, messageId: string) {
    const { message } = await this.mustSee(principal, messageId);
    if (message.deletedAt) return [];
    return (await this.messages.versions(messageId)).map((version) => ({
      text: version.text,
      replacedAt: version.replacedAt.toISOString(),
    }));
  }

  /** Messages that mention me, newest first; the cursor is opaque. */
  async mentionsOf(principal: Principal, limit: number, cursor?: string) {
    const before = cursor ? decodeTimeCursor(cursor) : undefined;
    const rows = await this.messages.mentionsOf(principal.userId, limit + 1, before);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: await this.present(page.map((row) => row.message)),
      // The list is ordered by when the mention was recorded (an edit records it anew).
      nextCursor:
        rows.length > limit && last
          ? encodeTimeCursor({ createdAt: last.mentionedAt, id: last.message.id })
          : null,
    };
  }

  /**
   * Stores who the message mentions: named members, with @channel every member, with @here the
   * members who are online (`online`, looked up before the transaction); not in direct or
   * saved-messages chats. The author never mentions themself. Returns the people to notify.
   */
  private async recordMentions(
    row: MessageRow,
    kind: string,
    online: string[],
    tx: Db,
    options: { fresh?: boolean } = {},
  ): Promise<Map<string, 'user' | 'channel' | 'here'>> {
    const parsed = parseMentions(row.text);
    const named = await this.chats.membersByUsername(row.chatId, parsed.usernames, tx);
    const group = kind !== 'direct' && kind !== 'self';
    const everyone = parsed.channel && group ? await this.chats.memberIds(row.chatId, tx) : [];
    const byUser = new Map<string, 'user' | 'channel' | 'here'>();
    if (parsed.here && group) for (const userId of online) byUser.set(userId, 'here');
    for (const userId of everyone) byUser.set(userId, 'channel');
    for (const userId of named) byUser.set(userId, 'user');
    if (row.authorId) byUser.delete(row.authorId);
    await this.messages.setMentions(
      row,
      [...byUser].map(([userId, mentionKind]) => ({ userId, kind: mentionKind })),
      tx,
      options,
    );
    return byUser;
  }

  private async mustSee(principal: Principal, messageId: string) {
    const message = await this.messages.findById(messageId);
    if (!message) throw messageNotFound();
    try {
      const access = await this.chatsService.access(principal, message.chatId);
      return { message, ...access };
    } catch (error) {
      // A message in a chat the caller cannot see does not exist for them.
      if (error instanceof AppError && error.code === ErrorCode.chatNotFound) throw messageNotFound();
      throw error;
    }
  }

  private async sameRequest(earlier: MessageRow, chatId: string): Promise<Message> {
    if (earlier.chatId !== chatId) {
      throw new AppError(ErrorCode.validationFailed, 409, 'This clientId was already used for another chat');
    }
    return (await this.present([earlier]))[0]!;
  }

  private async announceUpdate(
    row: MessageRow,
    connectionId?: string,
    type: 'message.updated' | 'message.deleted' = 'message.updated',
  ): Promise<Message> {
    const [message] = await this.present([row]);
    await this.fanout.toUsers(await this.chats.memberIds(row.chatId), { type, data: message! }, connectionId);
    return message!;
  }
}
