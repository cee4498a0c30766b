import { createECDH } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type PushSubscription, type PushSubscriptionRequest } from '@beseda/protocol';
import { AppError } from '../../common/errors/app-error.js';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { type Db } from '../../infra/db/database.js';
import { type Principal } from '../auth/guard/principal.js';
import { type NotificationKind } from '../notifications/notification-rules.js';
import { pushPayload } from './push-texts.js';
import { PushRepository, type PushSubscriptionRow } from './push.repository.js';
import { PushWorker } from './push.worker.js';
import { VapidKeys } from './vapid-keys.js';

/** This machine, by name or address: where a push endpoint must not point unless allowed. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
/** Browsers and devices one person may receive pushes on; registering another drops the oldest. */
export const MAX_SUBSCRIPTIONS_PER_USER = 20;

/** Whether the browser's keys are what RFC 8291 needs: a point on P-256 and a 16-byte secret. */
function validKeys(keys: { p256dh: string; auth: string }): boolean {
  try {
    const auth = Buffer.from(keys.auth, 'base64url');
    const point = Buffer.from(keys.p256dh, 'base64url');
    if (auth.length !== 16 || point.length !== 65) return false;
    // Throws for bytes that are not a point on the curve.
    const probe = createECDH('prime256v1');
    probe.generateKeys();
    probe.computeSecret(point);
    return true;
  } catch {
    return false;
  }
}

function toDto(row: PushSubscriptionRow): PushSubscription {
  return {
    id: row.id,
    service: new URL(row.endpoint).host,
    userAgent: row.userAgent,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Web Push: the devices people register, and the notifications queued for them with each message. */
@Injectable()
export class PushService {
  constructor(
    private readonly repository: PushRepository,
    private readonly vapid: VapidKeys,
    private readonly worker: PushWorker,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  publicKey(): { publicKey: string } {
    return { publicKey: this.vapid.details.publicKey };
  }

  async subscribe(
    principal: Principal,
    body: PushSubscriptionRequest,
    requestUserAgent: string | undefined,
  ): Promise<{ id: string }> {
    const url = new URL(body.endpoint);
    // The server posts to this address: never to services on its own machine (unless configured
    // for tests or a local push service), and never in the clear elsewhere.
    if (isLoopback(url.hostname) ? !this.config.pushLoopbackEndpoints : url.protocol !== 'https:') {
      throw new AppError(
        ErrorCode.pushInvalidSubscription,
        400,
        'The push endpoint must be an https:// URL of a push service',
      );
    }
    if (!validKeys(body.keys)) {
      throw new AppError(
        ErrorCode.pushInvalidSubscription,
        400,
        'The subscription keys are not a P-256 public key and a 16-byte secret',
      );
    }
    const id = await this.repository.upsertSubscription(
      {
        userId: principal.userId,
        endpoint: body.endpoint,
        p256dh: body.keys.p256dh,
        auth: body.keys.auth,
        userAgent: (body.userAgent ?? requestUserAgent)?.slice(0, 500) ?? null,
      },
      MAX_SUBSCRIPTIONS_PER_USER,
    );
    return { id };
  }

  async list(principal: Principal): Promise<{ items: PushSubscription[] }> {
    return { items: (await this.repository.subscriptionsOf(principal.userId)).map(toDto) };
  }

  async unsubscribe(principal: Principal, id: string): Promise<void> {
    if (!(await this.repository.deleteSubscription(id, principal.userId))) {
      throw AppError.notFound(ErrorCode.pushSubscriptionNotFound, 'No such push subscription');
    }
  }

  /**
   * Queues a push to every device of each person the message should interrupt, in the message's
   * transaction: the notification exists if and only if the message does.
   */
  async forMessage(
    message: { id: string; chatId: string; text: string; threadRootId: string | null },
    authorId: string,
    interrupts: Array<{ userId: string; kind: NotificationKind | 'message' }>,
    tx: Db,
  ): Promise<number> {
    const targets = await this.repository.targets(
      interrupts.map((entry) => entry.userId),
      tx,
    );
    if (targets.length === 0) return 0;
    const kinds = new Map(interrupts.map((entry) => [entry.userId, entry.kind]));
    const { authorName, chatName } = await this.repository.authorAndChat(authorId, message.chatId, tx);
    await this.repository.insertDeliveries(
      targets.map((target) => ({
        subscriptionId: target.subscriptionId,
        messageId: message.id,
        payload: pushPayload(
          { kind: kinds.get(target.userId)!, message, authorName, chatName },
          target.language,
        ),
      })),
      tx,
    );
    return targets.length;
  }

  /** A deleted message is not pushed any more (what is already on a device stays). */
  async forgetMessage(messageId: string, tx: Db): Promise<void> {
    await this.repository.deleteDeliveriesOf(messageId, tx);
  }

  /** After the transaction that queued pushes committed: send now rather than at the next poll. */
  wake(): void {
    this.worker.wake();
  }
}
