import { Controller, Delete, Injectable, Put, Req } from '@nestjs/common';
import { ErrorCode } from '@beseda/protocol';
import { and, eq, isNull } from 'drizzle-orm';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { Endpoint, ValidParams } from '../../common/http/endpoint.decorator.js';
import { type RequestContext, requestContext } from '../../common/http/request-context.js';
import { users } from '../../db/schema/index.js';
import { Database, type Db } from '../../infra/db/database.js';
import { ActivityRepository } from '../activity/activity.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { CurrentPrincipal, type Principal } from './guard/principal.js';
import { SessionRevocations } from './sessions/session-revocations.js';
import { SessionsRepository } from './sessions/sessions.repository.js';

/**
 * Blocking an account: it can no longer sign in, every session ends at once and its live
 * sockets close on every node. Unblocking lets the person sign in again.
 */
@Injectable()
export class AccountBlocking {
  constructor(
    private readonly database: Database,
    private readonly usersRepository: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly revocations: SessionRevocations,
    private readonly activity: ActivityRepository,
  ) {}

  async setBlocked(principal: Principal, userId: string, blocked: boolean, context: RequestContext) {
    const target = await this.usersRepository.findById(userId);
    if (!target) throw new AppError(ErrorCode.userNotFound, 404, 'No such user');
    if (target.id === principal.userId) {
      throw new AppError(ErrorCode.forbidden, 403, 'You cannot block your own account');
    }
    // Nobody blocks the owner; only the owner blocks an administrator.
    if (target.role === 'owner' || (target.role === 'admin' && principal.role !== 'owner')) {
      throw new AppError(ErrorCode.forbidden, 403, 'Only the owner can block an administrator');
    }
    if ((target.blockedAt !== null) === blocked) return;
    const revoked = await this.database.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ blockedAt: blocked ? new Date() : null })
        .where(eq(users.id, userId));
      await this.activity.record(
        {
          userId,
          type: blocked ? 'account.blocked' : 'account.unblocked',
          success: true,
          ip: context.ip,
          userAgent: context.userAgent,
          details: { by: principal.userId },
        },
        tx,
      );
      return blocked ? this.sessions.revoke({ userId }, 'account_blocked', tx) : [];
    });
    await this.revocations.announce({ userId, sessionIds: revoked, reason: 'account_blocked' });
  }

  /**
   * Blocks an account on the server's own behalf, not an administrator's (a guest account whose
   * meeting is over), in the caller's transaction. Returns the sessions it ended: pass them to
   * `announceRevoked` once the transaction has committed, so sockets close on every node.
   */
  async blockBySystem(userId: string, reason: string, tx: Db): Promise<string[]> {
    await tx
      .update(users)
      .set({ blockedAt: new Date() })
      .where(and(eq(users.id, userId), isNull(users.blockedAt)));
    await this.activity.record(
      { userId, type: 'account.blocked', success: true, ip: null, userAgent: null, details: { reason } },
      tx,
    );
    return this.sessions.revoke({ userId }, reason, tx);
  }

  async announceRevoked(userId: string, sessionIds: string[], reason: string): Promise<void> {
    await this.revocations.announce({ userId, sessionIds, reason });
  }
}

const UserIdSchema = z.strictObject({ id: z.uuid() });
const errors = {
  403: 'auth.forbidden (yourself, the owner, or an admin unless you are the owner)',
  404: 'user.not_found',
};

@Controller('api/v1/users/:id/block')
export class AccountBlockingController {
  constructor(private readonly blocking: AccountBlocking) {}

  @Put()
  @Endpoint({
    summary: 'Block an account: no sign-in, every session ended, sockets closed',
    tags: ['users'],
    permissions: ['users.block'],
    params: UserIdSchema,
    status: 204,
    errors,
  })
  async block(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof UserIdSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.blocking.setBlocked(principal, params.id, true, requestContext(request));
  }

  @Delete()
  @Endpoint({
    summary: 'Unblock an account',
    tags: ['users'],
    permissions: ['users.block'],
    params: UserIdSchema,
    status: 204,
    errors,
  })
  async unblock(
    @CurrentPrincipal() principal: Principal,
    @ValidParams() params: z.output<typeof UserIdSchema>,
    @Req() request: FastifyRequest,
  ) {
    await this.blocking.setBlocked(principal, params.id, false, requestContext(request));
  }
}
