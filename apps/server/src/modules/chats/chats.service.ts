import { Injectable } from '@nestjs/common';
import {
  type Chat,
  type CreateChatRequestSchema,
  ErrorCode,
  type UpdateChatRequestSchema,
} from '@beseda/protocol';
import { v7 as uuidv7 } from 'uuid';
import { type z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { Database, type Db } from '../../infra/db/database.js';
import { RealtimeFanout } from '../../realtime/realtime-fanout.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { type Principal } from '../auth/guard/principal.js';
import { toChatDto } from './chats.mapper.js';
import { chatPolicy } from './chats.policy.js';
import { type ChatRow, ChatsRepository, type MemberRow } from './chats.repository.js';

export const chatNotFound = () => new AppError(ErrorCode.chatNotFound, 404, 'No such chat');
const forbidden = (message: string) => new AppError(ErrorCode.forbidden, 403, message);
const archived = () =>
  new AppError(ErrorCode.chatArchived, 409, 'The chat is archived; unarchive it to change it');

export interface ChatAccess {
  chat: ChatRow;
  membership: MemberRow | null;
}

@Injectable()
export class ChatsService {
  constructor(
    private readonly database: Database,
    private readonly chats: ChatsRepository,
    private readonly fanout: RealtimeFanout,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * The chat as the caller may see it. A chat they may not see answers exactly like one that
   * does not exist, so ids cannot be probed for private chats.
   */
  async access(principal: Principal, chatId: string): Promise<ChatAccess> {
    const found = await this.chats.findWithMembership(chatId, principal.userId);
    if (!found || !chatPolicy.canSee(found.chat, found.membership, principal)) throw chatNotFound();
    return found;
  }

  async create(principal: Principal, input: z.output<typeof CreateChatRequestSchema>): Promise<Chat> {
    const others = [...new Set(input.memberIds)].filter((id) => id !== principal.userId);
    const existing = await this.chats.existingUsers(others);
    if (existing.length !== others.length) {
      throw new AppError(
        ErrorCode.invalidChatMembers,
        400,
        'Some of the people do not exist or cannot be added',
      );
    }
    if (input.type === 'direct') return this.openDirect(principal, others);
    if ((input.type === 'channel' || input.type === 'private') && !input.name) {
      throw new AppError(ErrorCode.validationFailed, 400, 'A channel needs a name', [
        { path: 'body.name', code: 'required', message: 'A channel needs a name' },
      ]);
    }
    const { chat, invited } = await this.database.db.transaction(async (tx) => {
      const row = await this.chats.insert(
        {
          id: uuidv7(),
          kind: input.type,
          name: input.name ?? null,
          topic: input.topic ?? '',
          description: input.description ?? '',
          createdBy: principal.userId,
        },
        tx,
      );
      await this.chats.addMembers(
        row.id,
        [
          { userId: principal.userId, role: 'owner' },
          ...others.map((userId) => ({ userId, role: 'member' as const })),
        ],
        tx,
      );
      return {
        chat: row,
        invited: await this.notifications.forInvitation(row.id, others, principal.userId, tx),
      };
    });
    await this.announce(chat, [principal.userId, ...others], 'chat.created');
    await this.notifications.announce(invited);
    return this.dto(chat, principal.userId);
  }

  /** Exactly one direct chat per pair: opening it again returns the same chat. */
  private async openDirect(principal: Principal, others: string[]): Promise<Chat> {
    if (others.length !== 1) {
      throw new AppError(ErrorCode.invalidChatMembers, 400, 'A direct chat is with exactly one other person');
    }
    const key = [principal.userId, others[0]!].sort().join(':');
    let chat = await this.chats.findByDirectKey(key);
    if (!chat) {
      chat = await this.database.db
        .transaction(async (tx) => {
          const row = await this.chats.insert(
            { id: uuidv7(), kind: 'direct', directKey: key, createdBy: principal.userId },
            tx,
          );
          await this.chats.addMembers(
            row.id,
            [principal.userId, others[0]!].map((userId) => ({ userId, role: 'member' as const })),
            tx,
          );
          return row;
        })
        .catch(async (error: unknown) => {
          // Both people opened the chat at the same moment: the unique key let one insert win.
          const winner = await this.chats.findByDirectKey(key);
          if (winner) return winner;
          throw error;
        });
      await this.announce(chat, [principal.userId, others[0]!], 'chat.created');
    }
    return this.dto(chat, principal.userId);
  }

  /** The caller's own "saved messages" chat, created on first use. */
  async ensureSelfChat(userId: string): Promise<void> {
    const key = `self:${userId}`;
    if (await this.chats.findByDirectKey(key)) return;
    await this.database.db
      .transaction(async (tx) => {
        const row = await this.chats.insert(
          { id: uuidv7(), kind: 'self', directKey: key, createdBy: userId },
          tx,
        );
        await this.chats.addMembers(row.id, [{ userId, role: 'owner' }], tx);
      })
      .catch(async (error: unknown) => {
        if (!(await this.chats.findByDirectKey(key))) throw error;
      });
  }

  async list(principal: Principal): Promise<Chat[]> {
    await this.ensureSelfChat(principal.userId);
    return (await this.chats.listFor(principal.userId)).map(toChatDto);
  }

  async get(principal: Principal, chatId: string): Promise<Chat> {
    const { chat } = await this.access(principal, chatId);
    return this.dto(chat, principal.userId);
  }

  async update(principal: Principal, chatId: string, changes: z.output<typeof UpdateChatRequestSchema>) {
    const { chat, membership } = await this.access(principal, chatId);
    if (!chatPolicy.canManage(chat, membership, principal))
      throw forbidden('Only the chat owner or an admin can change it');
    const { archived: archive, ...fields } = changes;
    if (chat.archivedAt && archive !== false) throw archived();
    const updated = await this.chats.update(chatId, {
      ...fields,
      ...(archive === undefined ? {} : { archivedAt: archive ? new Date() : null }),
    });
    await this.announce(updated!, await this.chats.memberIds(chatId));
    return this.dto(updated!, principal.userId);
  }

  async delete(principal: Principal, chatId: string): Promise<void> {
    const { chat, membership } = await this.access(principal, chatId);
    if (!chatPolicy.canDelete(chat, membership, principal))
      throw forbidden('Only the chat owner can delete it');
    const members = await this.chats.memberIds(chatId);
    await this.chats.delete(chatId);
    await this.fanout.toUsers(members, { type: 'chat.deleted', data: { chatId } });
  }

  async members(principal: Principal, chatId: string) {
    await this.access(principal, chatId);
    return (await this.chats.members(chatId)).map((member) => ({
      userId: member.userId,
      role: member.role,
      joinedAt: member.joinedAt.toISOString(),
    }));
  }

  async addMembers(principal: Principal, chatId: string, userIds: string[]): Promise<Chat> {
    const { chat, membership } = await this.access(principal, chatId);
    if (!chatPolicy.canAddMembers(chat, membership, principal))
      throw forbidden('You cannot add people to this chat');
    if (chat.archivedAt) throw archived();
    const wanted = [...new Set(userIds)];
    const existing = await this.chats.existingUsers(wanted);
    if (existing.length !== wanted.length) {
      throw new AppError(
        ErrorCode.invalidChatMembers,
        400,
        'Some of the people do not exist or cannot be added',
      );
    }
    const { added, invited } = await this.database.db.transaction(async (tx) => {
      const ids = await this.chats.addMembers(
        chatId,
        wanted.map((userId) => ({ userId, role: 'member' as const })),
        tx,
      );
      return {
        added: ids,
        invited: await this.notifications.forInvitation(chatId, ids, principal.userId, tx),
      };
    });
    await this.welcome(chat, added);
    await this.notifications.announce(invited);
    return this.dto(chat, principal.userId);
  }

  /** Sets a member's chat role; handing ownership over makes the previous owner an admin. */
  async changeRole(principal: Principal, chatId: string, userId: string, role: MemberRow['role']) {
    const { chat, membership } = await this.access(principal, chatId);
    const target = await this.chats.membership(chatId, userId);
    if (!target) throw new AppError(ErrorCode.userNotFound, 404, 'That person is not in this chat');
    if (target.role === role) return;
    if (!chatPolicy.canChangeRole(chat, membership, principal, target.role, role)) {
      throw forbidden(
        role === 'owner' || target.role === 'owner'
          ? 'Only the owner can hand the chat over'
          : 'Only the chat owner or an admin can change roles',
      );
    }
    if (chat.archivedAt) throw archived();
    const previousOwner = role === 'owner' ? await this.chats.ownerOf(chatId) : undefined;
    await this.database.db.transaction(async (tx) => {
      if (previousOwner) await this.chats.updateMembership(chatId, previousOwner, { role: 'admin' }, tx);
      await this.chats.updateMembership(chatId, userId, { role }, tx);
    });
    const members = await this.chats.memberIds(chatId);
    const changes = [
      ...(previousOwner ? [{ userId: previousOwner, role: 'admin' as const }] : []),
      { userId, role },
    ];
    for (const change of changes) {
      await this.fanout.toUsers(members, { type: 'member.updated', data: { chatId, ...change } });
    }
    // Those whose role changed see their own membership change too.
    await this.announce(
      chat,
      changes.map((change) => change.userId),
    );
  }

  async join(principal: Principal, chatId: string): Promise<Chat> {
    const { chat, membership } = await this.access(principal, chatId);
    if (!membership) {
      if (!chatPolicy.canJoin(chat, principal))
        throw forbidden('This chat cannot be joined; ask to be added');
      const added = await this.database.db.transaction((tx) =>
        this.chats.addMembers(chatId, [{ userId: principal.userId, role: 'member' }], tx),
      );
      await this.welcome(chat, added);
    }
    return this.dto(chat, principal.userId);
  }

  /** Removing oneself is leaving; removing someone else needs the chat admin role. */
  async removeMember(principal: Principal, chatId: string, userId: string): Promise<void> {
    const { chat, membership } = await this.access(principal, chatId);
    const self = userId === principal.userId;
    if (chat.kind === 'direct' || chat.kind === 'self') throw forbidden('Nobody can leave a direct chat');
    if (!self && !chatPolicy.canManage(chat, membership, principal)) {
      throw forbidden('Only the chat owner or an admin can remove people');
    }
    const target = await this.chats.membership(chatId, userId);
    if (!target) throw new AppError(ErrorCode.userNotFound, 404, 'That person is not in this chat');
    if (!self && target.role === 'owner') throw forbidden('The owner cannot be removed; they can leave');
    const successor = await this.database.db.transaction(async (tx) => {
      await this.chats.removeMember(chatId, userId, tx);
      // An owner who leaves hands the chat to the longest-standing admin, else member.
      if (target.role !== 'owner') return undefined;
      const next = (await this.chats.members(chatId, tx)).sort(
        (a, b) => Number(b.role === 'admin') - Number(a.role === 'admin'),
      )[0];
      if (next) await this.chats.updateMembership(chatId, next.userId, { role: 'owner' }, tx);
      return next?.userId;
    });
    await this.fanout.toUsers([userId], { type: 'chat.removed', data: { chatId } });
    const members = await this.chats.memberIds(chatId);
    await this.fanout.toUsers(members, { type: 'member.removed', data: { chatId, userId } });
    if (successor) {
      await this.fanout.toUsers(members, {
        type: 'member.updated',
        data: { chatId, userId: successor, role: 'owner' },
      });
      await this.announce(chat, [successor]);
    }
  }

  async updateMembership(principal: Principal, chatId: string, changes: Partial<MemberRow>): Promise<Chat> {
    const { chat, membership } = await this.access(principal, chatId);
    if (!membership) throw forbidden('Join the chat first');
    await this.chats.updateMembership(chatId, principal.userId, changes);
    const dto = await this.dto(chat, principal.userId);
    await this.fanout.toUsers([principal.userId], { type: 'chat.updated', data: dto });
    return dto;
  }

  async markRead(principal: Principal, chatId: string, seq: number, connectionId?: string): Promise<number> {
    const { chat, membership } = await this.access(principal, chatId);
    if (!membership) throw forbidden('Join the chat first');
    const lastReadSeq = (await this.chats.markRead(chatId, principal.userId, seq)) ?? membership.lastReadSeq;
    // The other devices get the badges as they are now, so they need not count themselves.
    const { unreadCount, mentionCount } = await this.dto(chat, principal.userId);
    await this.fanout.toUsers(
      [principal.userId],
      { type: 'read.updated', data: { chatId, lastReadSeq, unreadCount, mentionCount } },
      connectionId,
    );
    return lastReadSeq;
  }

  async browse(principal: Principal, query: string, limit: number): Promise<Chat[]> {
    if (principal.role === 'guest') return [];
    return (await this.chats.publicChannels(query, principal.userId, limit)).map(toChatDto);
  }

  /**
   * A meeting's own chat, made in the meeting's transaction: the host owns it, invitees are in it
   * from the start, people who join later are added by addToMeetingChat. Announce it with
   * announceMeetingChat once the transaction commits.
   */
  async createMeetingChat(name: string, hostId: string, memberIds: string[], tx: Db): Promise<ChatRow> {
    const row = await this.chats.insert({ id: uuidv7(), kind: 'meeting', name, createdBy: hostId }, tx);
    await this.chats.addMembers(
      row.id,
      [
        { userId: hostId, role: 'owner' },
        ...memberIds.filter((id) => id !== hostId).map((userId) => ({ userId, role: 'member' as const })),
      ],
      tx,
    );
    return row;
  }

  async announceMeetingChat(chat: ChatRow, memberIds: string[]): Promise<void> {
    await this.announce(chat, memberIds, 'chat.created');
  }

  /** People who come to a meeting can talk in its chat, during and after it. */
  async addToMeetingChat(chatId: string, userIds: string[]): Promise<void> {
    const chat = await this.chats.findById(chatId);
    if (!chat || chat.kind !== 'meeting') return;
    const added = await this.database.db.transaction((tx) =>
      this.chats.addMembers(
        chatId,
        userIds.map((userId) => ({ userId, role: 'member' as const })),
        tx,
      ),
    );
    await this.welcome(chat, added);
  }

  private async dto(chat: ChatRow, userId: string): Promise<Chat> {
    const view = await this.chats.view(chat.id, userId);
    if (!view) throw chatNotFound();
    return toChatDto(view);
  }

  /** Each member gets the chat as they see it (their own unread count and settings). */
  private async announce(
    chat: ChatRow,
    memberIds: string[],
    type: 'chat.created' | 'chat.updated' = 'chat.updated',
  ) {
    await Promise.all(
      memberIds.map(async (userId) =>
        this.fanout.toUsers([userId], { type, data: await this.dto(chat, userId) }),
      ),
    );
  }

  /** Newcomers get the chat; those already in it learn who came (and count them themselves). */
  private async welcome(chat: ChatRow, newcomers: string[]) {
    if (newcomers.length === 0) return;
    const added = new Set(newcomers);
    const existing = (await this.chats.memberIds(chat.id)).filter((userId) => !added.has(userId));
    await this.announce(chat, newcomers, 'chat.created');
    for (const userId of newcomers) {
      await this.fanout.toUsers(existing, {
        type: 'member.added',
        data: { chatId: chat.id, userId, role: 'member' },
      });
    }
  }
}
