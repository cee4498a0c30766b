import { Injectable } from '@nestjs/common';
import { type Notification } from '@beseda/protocol';
import { v7 as uuidv7 } from 'uuid';
import { decodeTimeCursor, encodeTimeCursor } from '../../common/http/time-cursor.js';
import { type Db } from '../../infra/db/database.js';
import { PresenceTracker } from '../../realtime/presence-tracker.js';
import { RealtimeFanout } from '../../realtime/realtime-fanout.js';
import { type Principal } from '../auth/guard/principal.js';
import { PushService } from '../push/push.service.js';
import { EmailDigestService } from './email-digest.service.js';
import { decide, type MessageFacts, type Recipient } from './notification-rules.js';
import {
  type NotificationRow,
  NotificationsRepository,
  type RecipientRow,
} from './notifications.repository.js';

/** How much of the message a notification shows. */
const PREVIEW_LENGTH = 200;

function preview(text: string | null): string {
  if (!text) return '';
  const chars = [...text];
  return chars.length <= PREVIEW_LENGTH ? text : `${chars.slice(0, PREVIEW_LENGTH).join('').trimEnd()}…`;
}

function toDto(row: NotificationRow, text: string | null, threadRootId: string | null): Notification {
  return {
    id: row.id,
    kind: row.kind,
    chatId: row.chatId,
    messageId: row.messageId,
    threadRootId,
    actorId: row.actorId,
    preview: preview(text),
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** Notifications made in a transaction, with their owners, to be announced once it has committed. */
export type PendingNotifications = Array<{ userId: string; notification: Notification }>;

const pending = (row: NotificationRow, text: string | null, threadRootId: string | null = null) => ({
  userId: row.userId,
  notification: toDto(row, text, threadRootId),
});

/**
 * The in-app notification list. Notifications are written in the caller's transaction (with the
 * message or the membership they are about) and announced to their owners after it commits.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly fanout: RealtimeFanout,
    private readonly presence: PresenceTracker,
    private readonly push: PushService,
    private readonly emailDigests: EmailDigestService,
  ) {}

  /**
   * Records who hears of a new message, by the rules in notification-rules.ts: the in-app list,
   * a push to the devices of those it should interrupt, and an e-mail digest for them later if
   * it is a direct message or a mention they still have not read by then.
   */
  async forMessage(
    message: { id: string; chatId: string; text: string; threadRootId: string | null },
    facts: MessageFacts,
    candidates: Iterable<string>,
    tx: Db,
  ): Promise<PendingNotifications> {
    const rows = await this.notifications.recipients(message.chatId, [...new Set(candidates)], tx);
    const recipients = await Promise.all(rows.map((row) => this.withActivity(row)));
    const all = decide(facts, recipients);
    await this.push.forMessage(
      message,
      facts.authorId,
      all.filter((decision) => decision.interrupt),
      tx,
    );
    await this.emailDigests.forDecisions(all, tx);
    const decisions = all.filter((decision) => decision.inApp);
    const inserted = await this.notifications.insert(
      decisions.map((decision) => ({
        id: uuidv7(),
        userId: decision.userId,
        kind: decision.kind as NotificationRow['kind'],
        chatId: message.chatId,
        messageId: message.id,
        actorId: facts.authorId,
      })),
      tx,
    );
    return inserted.map((row) => pending(row, message.text, message.threadRootId));
  }

  /**
   * Active: a live connection on any node and not away. Looked up only for those it can change
   * (do-not-disturb is quiet anyway); one shared-store read each.
   */
  private async withActivity({ presence, ...row }: RecipientRow): Promise<Recipient> {
    const active = presence !== 'away' && presence !== 'dnd' && (await this.presence.isOnline(row.userId));
    return { ...row, active };
  }

  /** People added to a chat by someone else hear of it (not those who joined by themselves). */
  async forInvitation(
    chatId: string,
    userIds: string[],
    actorId: string,
    tx: Db,
  ): Promise<PendingNotifications> {
    const rows = await this.notifications.insert(
      userIds
        .filter((userId) => userId !== actorId)
        .map((userId) => ({ id: uuidv7(), userId, kind: 'chat_invite' as const, chatId, actorId })),
      tx,
    );
    return rows.map((row) => pending(row, null));
  }

  /** A deleted message takes its notifications with it. */
  async forgetMessage(messageId: string, tx: Db): Promise<void> {
    await this.notifications.deleteForMessage(messageId, tx);
    await this.push.forgetMessage(messageId, tx);
  }

  /** Tells each owner of a new notification, after the transaction that made it committed. */
  async announce(made: PendingNotifications): Promise<void> {
    // The same commit may have queued pushes: send them now rather than at the next poll.
    this.push.wake();
    for (const { userId, notification } of made) {
      await this.fanout.toUsers([userId], { type: 'notification.created', data: notification });
    }
  }

  async list(principal: Principal, query: { limit: number; cursor?: string; unread?: boolean }) {
    const before = query.cursor ? decodeTimeCursor(query.cursor) : undefined;
    const views = await this.notifications.list(principal.userId, query.limit + 1, {
      before,
      unreadOnly: query.unread,
    });
    const page = views.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((view) => toDto(view.row, view.text, view.threadRootId)),
      nextCursor:
        views.length > query.limit && last
          ? encodeTimeCursor({ createdAt: last.row.createdAt, id: last.row.id })
          : null,
      unreadCount: await this.notifications.unreadCount(principal.userId),
    };
  }

  /** Marks some (or, with null, all) of my notifications read; my other devices follow. */
  async markRead(principal: Principal, ids: string[] | null, connectionId?: string): Promise<void> {
    const changed = await this.notifications.markRead(principal.userId, ids);
    if (changed.length === 0) return;
    await this.fanout.toUsers(
      [principal.userId],
      { type: 'notification.read', data: { ids: ids === null ? null : changed } },
      connectionId,
    );
  }
}
