import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  ErrorCode,
  type Me,
  type PublicUser,
  type UpdateMeRequestSchema,
  UpdateStatusRequestSchema,
} from '@beseda/protocol';
import { type z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { type RequestContext } from '../../common/http/request-context.js';
import { Database } from '../../infra/db/database.js';
import { RealtimeCommands } from '../../realtime/realtime-commands.js';
import { PresenceTracker } from '../../realtime/presence-tracker.js';
import { RealtimeFanout } from '../../realtime/realtime-fanout.js';
import { ActivityRepository } from '../activity/activity.repository.js';
import { type Principal } from '../auth/guard/principal.js';
import { toMeDto, toPublicUserDto } from './users.mapper.js';
import { type UserRow, UsersRepository } from './users.repository.js';

const notFound = () => new AppError(ErrorCode.userNotFound, 404, 'No such user');

@Injectable()
export class UsersService implements OnModuleInit {
  constructor(
    private readonly database: Database,
    private readonly users: UsersRepository,
    private readonly activity: ActivityRepository,
    private readonly fanout: RealtimeFanout,
    private readonly commands: RealtimeCommands,
    private readonly presence: PresenceTracker,
  ) {}

  onModuleInit() {
    this.commands.register(
      'me.status.set',
      UpdateStatusRequestSchema,
      (params, { principal, connectionId }) => this.updateStatus(principal, params, connectionId),
    );
  }

  async me(principal: Principal): Promise<Me> {
    return toMeDto(await this.mustFind(principal.userId), principal.permissions);
  }

  async updateProfile(
    principal: Principal,
    changes: z.output<typeof UpdateMeRequestSchema>,
    context: RequestContext,
    connectionId?: string,
  ): Promise<Me> {
    const updated = await this.database.db.transaction(async (tx) => {
      // Inside a transaction every query must use `tx`: the embedded database has one connection.
      const user = await this.users.findById(principal.userId, tx);
      if (!user) throw notFound();
      if (changes.username && changes.username.toLowerCase() !== user.username.toLowerCase()) {
        if (await this.users.findByUsername(changes.username, tx)) {
          throw new AppError(ErrorCode.usernameTaken, 409, 'This username is taken', [
            { path: 'body.username', code: 'taken', message: 'This username is taken' },
          ]);
        }
      }
      const row = await this.users.update(principal.userId, changes, tx);
      const changed = Object.keys(changes).filter(
        (key) => changes[key as keyof typeof changes] !== user[key as keyof UserRow],
      );
      if (changed.length) {
        await this.activity.record(
          {
            userId: principal.userId,
            type: 'profile.updated',
            success: true,
            ip: context.ip,
            userAgent: context.userAgent,
            details: { fields: changed },
          },
          tx,
        );
      }
      return row!;
    });
    return this.announce(toMeDto(updated, principal.permissions), connectionId);
  }

  async updateStatus(
    principal: Principal,
    changes: z.output<typeof UpdateStatusRequestSchema>,
    connectionId?: string,
  ): Promise<Me> {
    const custom = changes.customStatus;
    const row = await this.users.update(principal.userId, {
      ...(changes.presence ? { presence: changes.presence } : {}),
      ...(custom === null
        ? { customStatusText: null, customStatusEmoji: null, customStatusExpiresAt: null }
        : custom
          ? {
              customStatusText: custom.text,
              customStatusEmoji: custom.emoji ?? null,
              customStatusExpiresAt: custom.expiresAt ? new Date(custom.expiresAt) : null,
            }
          : {}),
    });
    if (!row) throw notFound();
    if (changes.presence) await this.presence.announce(principal.userId);
    return this.announce(toMeDto(row, principal.permissions), connectionId);
  }

  /** The user's other tabs and devices learn of the change; the one that made it gets no echo. */
  private async announce(me: Me, connectionId: string | undefined): Promise<Me> {
    await this.fanout.toUsers([me.id], { type: 'me.updated', data: me }, connectionId);
    return me;
  }

  async publicProfile(principal: Principal, id: string): Promise<PublicUser> {
    const [visible] = await this.visibleTo(principal, [id]);
    const user = visible && (await this.users.findById(visible));
    if (!user || !user.emailConfirmedAt) throw notFound();
    return toPublicUserDto(user, await this.presence.effective(user.id, user.presence));
  }

  /**
   * Whom the caller may look up: everyone with users.read; without it (guests), themselves and
   * the people who share a chat with them, so they can see who writes where they were let in.
   */
  private async visibleTo(principal: Principal, ids: string[]): Promise<string[]> {
    if (principal.permissions.has('users.read')) return ids;
    const sharing = new Set(await this.users.sharingAChatWith(principal.userId, ids));
    return ids.filter((id) => id === principal.userId || sharing.has(id));
  }

  /** The directory by name; or, with `ids`, those people (unknown ids left out), to show many at once. */
  async directory(principal: Principal, query: string, limit: number, ids?: string[]): Promise<PublicUser[]> {
    if (!ids && !principal.permissions.has('users.read')) {
      throw new AppError(ErrorCode.forbidden, 403, 'You cannot search the people directory');
    }
    const rows = ids
      ? await this.users.findConfirmed(await this.visibleTo(principal, ids))
      : await this.users.search(query, limit);
    return Promise.all(
      rows.map(async (row) => toPublicUserDto(row, await this.presence.effective(row.id, row.presence))),
    );
  }

  async exists(id: string): Promise<boolean> {
    return (await this.users.findById(id)) !== undefined;
  }

  private async mustFind(id: string): Promise<UserRow> {
    const user = await this.users.findById(id);
    if (!user) throw notFound();
    return user;
  }
}
