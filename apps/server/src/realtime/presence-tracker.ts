import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type PresenceChoice } from '@beseda/protocol';
import { eq, sql } from 'drizzle-orm';
import { type Config } from '../config/config.js';
import { CONFIG } from '../config/config.module.js';
import { chatMembers, users } from '../db/schema/index.js';
import { Bus, KeyValueStore } from '../infra/bus/bus.js';
import { Database } from '../infra/db/database.js';
import { RealtimeFanout } from './realtime-fanout.js';

/** How long other nodes have to claim a user before the last node's disconnect counts as offline. */
const OFFLINE_CHECK_DELAY_MS = 1_500;
const CHECK_CHANNEL = 'presence.check';
/** Every node that ever ran, newest last: where a node looks for others that died. */
const NODES_KEY = 'presence:nodes';
const MAX_NODES_REMEMBERED = 256;
/** Enough for every user one node can hold. */
const MAX_USERS_PER_NODE = 200_000;

export type EffectivePresence = 'online' | 'away' | 'dnd' | 'offline';

/**
 * Online means "has a live socket on some node". Each node marks the users it holds in the
 * shared store (with expiry, renewed while they stay), so the answer is the same on every node
 * and a killed node's users lapse to offline by themselves. The user's own choice (away, do not
 * disturb, invisible) is applied on top.
 *
 * A node that dies cannot say its users went offline. So each node keeps a heartbeat key and the
 * list of users it holds in the store; every node looks for heartbeats that lapsed, and one of
 * them (whoever claims the sweep first) re-checks the dead node's users and announces those who
 * are now offline everywhere.
 */
@Injectable()
export class PresenceTracker implements OnModuleInit, OnModuleDestroy {
  private readonly local = new Map<string, number>();
  private readonly nodeId = randomUUID();
  private readonly ttlMs: number;
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
    @Inject(CONFIG) config: Config,
  ) {
    this.ttlMs = config.presenceTtlMs;
  }

  async onModuleInit() {
    await this.store.append(NODES_KEY, this.nodeId, { maxLength: MAX_NODES_REMEMBERED });
    await this.heartbeat();
    this.renewal = setInterval(() => {
      void this.renewAll()
        .then(() => this.sweepDeadNodes())
        .catch(() => undefined);
    }, this.ttlMs / 3).unref();
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
    if (count > 1) return;
    await this.store.append(usersKey(this.nodeId), userId, {
      maxLength: MAX_USERS_PER_NODE,
      ttlMs: this.ttlMs * 10,
    });
    if (await this.mark(userId)) await this.announce(userId);
  }

  async disconnected(userId: string): Promise<void> {
    if (this.stopped) return;
    const count = (this.local.get(userId) ?? 1) - 1;
    if (count > 0) {
      this.local.set(userId, count);
      return;
    }
    this.local.delete(userId);
    await this.recheck(userId);
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
    const fresh = await this.store.set(key(userId), '1', { ttlMs: this.ttlMs, onlyIfAbsent: true });
    if (!fresh) await this.store.set(key(userId), '1', { ttlMs: this.ttlMs });
    return fresh;
  }

  private async announceIfOffline(userId: string) {
    if (!this.local.has(userId) && !(await this.isOnline(userId))) await this.announce(userId);
  }

  private async renewAll() {
    const held = [...this.local.keys()];
    await Promise.all(held.map((userId) => this.mark(userId).catch(() => false)));
    // The list is rewritten from what is held now, so users who left do not pile up in it.
    await this.store.delete(usersKey(this.nodeId));
    if (held.length > 0) {
      await this.store.append(usersKey(this.nodeId), held, {
        maxLength: MAX_USERS_PER_NODE,
        ttlMs: this.ttlMs * 10,
      });
    }
    // Last, so the heartbeat never lapses before the marks written with it.
    await this.heartbeat();
  }

  private async heartbeat() {
    await this.store.set(heartbeatKey(this.nodeId), '1', { ttlMs: this.ttlMs });
  }

  /** Finds nodes whose heartbeat lapsed and, for each one this node claims, re-checks its users. */
  private async sweepDeadNodes() {
    if (this.stopped) return;
    const nodes = new Set(await this.store.list(NODES_KEY));
    nodes.delete(this.nodeId);
    for (const nodeId of nodes) {
      if ((await this.store.get(heartbeatKey(nodeId))) !== null) continue;
      const userIds = await this.store.list(usersKey(nodeId));
      if (userIds.length === 0) continue;
      const claimed = await this.store.set(`presence:sweep:${nodeId}`, this.nodeId, {
        ttlMs: this.ttlMs * 10,
        onlyIfAbsent: true,
      });
      if (!claimed) continue;
      await this.store.delete(usersKey(nodeId));
      await Promise.all([...new Set(userIds)].map((userId) => this.recheck(userId)));
    }
  }

  /**
   * This node no longer holds the user (or the node that did died, its mark maybe outliving it by
   * a moment): clear the mark, ask the nodes that still hold the user to mark them again, and
   * announce offline if none did.
   */
  private async recheck(userId: string) {
    if (this.local.has(userId)) return;
    await this.store.delete(key(userId));
    await this.bus.publish(CHECK_CHANNEL, userId);
    const timer = setTimeout(() => {
      this.offlineChecks.delete(timer);
      void this.announceIfOffline(userId).catch(() => undefined);
    }, OFFLINE_CHECK_DELAY_MS).unref();
    this.offlineChecks.add(timer);
  }
}

const key = (userId: string) => `presence:${userId}`;
const heartbeatKey = (nodeId: string) => `presence:node:${nodeId}`;
const usersKey = (nodeId: string) => `presence:node-users:${nodeId}`;
