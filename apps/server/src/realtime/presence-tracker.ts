import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type PresenceChoice } from '@beseda/protocol';
import { eq, sql } from 'drizzle-orm';
import { chatMembers, users } from '../db/schema/index.js';
import { Bus, KeyValueStore } from '../infra/bus/bus.js';
import { Database } from '../infra/db/database.js';
import { RealtimeFanout } from './realtime-fanout.js';

/** A user's mark lives this long unless a node holding one of their sockets renews it. */
const PRESENCE_TTL_MS = 45_000;
const RENEW_EVERY_MS = 15_000;
/** How long other nodes have to claim a user before the last node's disconnect counts as offline. */
const OFFLINE_CHECK_DELAY_MS = 1_500;
const CHECK_CHANNEL = 'presence.check';

export type EffectivePresence = 'online' | 'away' | 'dnd' | 'offline';

/**
 * Online means "has a live socket on some node". Each node marks the users it holds in the
 * shared store (with expiry, renewed while they stay), so the answer is the same on every node
 * and a killed node's users lapse to offline by themselves. The user's own choice (away, do not
 * disturb, invisible) is applied on top.
 */
@Injectable()
export class PresenceTracker implements OnModuleInit, OnModuleDestroy {
  private readonly local = new Map<string, number>();
  private readonly offlineChecks = new Set<NodeJS.Timeout>();
  private renewal: NodeJS.Timeout | undefined;
  /** Set on shutdown: sockets closing as the node stops must not touch a store that is closing too. */
  private stopped = false;
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly store: KeyValueStore,
    private readonly bus: Bus,
    private readonly database: Database,
    private readonly fanout: RealtimeFanout,
  ) {}

  async onModuleInit() {
    this.renewal = setInterval(() => void this.renewAll(), RENEW_EVERY_MS).unref();
    // Another node lost its last socket of a user: if this node still holds one, say so.
    this.unsubscribe = await this.bus.subscribe(CHECK_CHANNEL, (userId) => {
      if (this.local.has(userId)) void this.mark(userId).catch(() => false);
    });
  }

  async onModuleDestroy() {
    this.stopped = true;
    clearInterval(this.renewal);
    for (const timer of this.offlineChecks) clearTimeout(timer);
    this.offlineChecks.clear();
    await this.unsubscribe?.();
  }

  async connected(userId: string): Promise<void> {
    if (this.stopped) return;
    const count = (this.local.get(userId) ?? 0) + 1;
    this.local.set(userId, count);
    if (count === 1 && (await this.mark(userId))) await this.announce(userId);
  }

  async disconnected(userId: string): Promise<void> {
    if (this.stopped) return;
    const count = (this.local.get(userId) ?? 1) - 1;
    if (count > 0) {
      this.local.set(userId, count);
      return;
    }
    this.local.delete(userId);
    await this.store.delete(key(userId));
    await this.bus.publish(CHECK_CHANNEL, userId);
    const timer = setTimeout(() => {
      this.offlineChecks.delete(timer);
      void this.announceIfOffline(userId).catch(() => undefined);
    }, OFFLINE_CHECK_DELAY_MS).unref();
    this.offlineChecks.add(timer);
  }

  async isOnline(userId: string): Promise<boolean> {
    return (await this.store.get(key(userId))) !== null;
  }

  /** What others see: offline without a socket or when invisible, else the user's choice. */
  async effective(userId: string, choice: PresenceChoice): Promise<EffectivePresence> {
    if (choice === 'invisible' || !(await this.isOnline(userId))) return 'offline';
    return choice;
  }

  /** Tells everyone who shares a chat with the user what presence they now show. */
  async announce(userId: string): Promise<void> {
    const [user] = await this.database.db
      .select({ presence: users.presence })
      .from(users)
      .where(eq(users.id, userId));
    if (!user) return;
    const presence = await this.effective(userId, user.presence);
    const audience = await this.database.db
      .selectDistinct({ userId: chatMembers.userId })
      .from(chatMembers)
      .where(
        sql`${chatMembers.chatId} in (select ${chatMembers.chatId} from ${chatMembers} where ${chatMembers.userId} = ${userId})`,
      );
    const ids = audience.map((row) => row.userId).filter((id) => id !== userId);
    await this.fanout.toUsers(ids, { type: 'presence.changed', data: { userId, presence } });
  }

  /** Returns true when the user was not marked online before. */
  private async mark(userId: string): Promise<boolean> {
    const fresh = await this.store.set(key(userId), '1', { ttlMs: PRESENCE_TTL_MS, onlyIfAbsent: true });
    if (!fresh) await this.store.set(key(userId), '1', { ttlMs: PRESENCE_TTL_MS });
    return fresh;
  }

  private async announceIfOffline(userId: string) {
    if (!this.local.has(userId) && !(await this.isOnline(userId))) await this.announce(userId);
  }

  private async renewAll() {
    await Promise.all([...this.local.keys()].map((userId) => this.mark(userId).catch(() => false)));
  }
}

const key = (userId: string) => `presence:${userId}`;
