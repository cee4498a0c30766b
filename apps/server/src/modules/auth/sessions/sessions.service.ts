import { Injectable } from '@nestjs/common';
import { ErrorCode, type Session, type TokenPair } from '@beseda/protocol';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../common/errors/app-error.js';
import { type RequestContext } from '../../../common/http/request-context.js';
import { Database, type Db } from '../../../infra/db/database.js';
import { ActivityRepository } from '../../activity/activity.repository.js';
import { UsersRepository } from '../../users/users.repository.js';
import { describeDevice } from '../security/device.js';
import { hashToken, newOpaqueToken } from '../security/opaque-token.js';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokens } from '../tokens/access-tokens.js';
import { SessionRevocations } from './session-revocations.js';
import { type SessionRow, SessionsRepository } from './sessions.repository.js';

/** A session ends this long after login however often it is refreshed; then the user signs in again. */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export interface IssuedTokens {
  pair: TokenPair;
  refreshToken: string;
}

@Injectable()
export class SessionsService {
  constructor(
    private readonly database: Database,
    private readonly sessions: SessionsRepository,
    private readonly users: UsersRepository,
    private readonly activity: ActivityRepository,
    private readonly tokens: AccessTokens,
    private readonly revocations: SessionRevocations,
  ) {}

  /** Starts a session after a complete login (every factor checked) and issues its first tokens. */
  async start(userId: string, authMethod: string, context: RequestContext, tx: Db): Promise<IssuedTokens> {
    const session = await this.sessions.insert(
      {
        id: uuidv7(),
        userId,
        authMethod,
        userAgent: context.userAgent,
        ip: context.ip,
        expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS),
      },
      tx,
    );
    const refreshToken = newOpaqueToken();
    await this.sessions.addRefreshToken(session.id, hashToken(refreshToken), tx);
    return this.issue(session, refreshToken);
  }

  /**
   * Exchanges a refresh token for a new pair. A token already exchanged means two parties hold
   * it, so the whole session is revoked: the thief and the owner both have to sign in again.
   */
  async refresh(refreshToken: string, context: RequestContext): Promise<IssuedTokens> {
    const tokenHash = hashToken(refreshToken);
    const outcome = await this.database.db.transaction(async (tx) => {
      const sessionId = await this.sessions.claimRefreshToken(tokenHash, tx);
      if (!sessionId) {
        const reusedSessionId = await this.sessions.sessionOfToken(tokenHash, tx);
        if (!reusedSessionId) return { kind: 'unknown' as const };
        const session = await this.sessions.findById(reusedSessionId, tx);
        const revoked = await this.sessions.revoke(
          { sessionId: reusedSessionId },
          'refresh_token_reused',
          tx,
        );
        if (session) {
          await this.activity.record(
            {
              userId: session.userId,
              type: 'session.revoked',
              success: true,
              ip: context.ip,
              userAgent: context.userAgent,
              details: { sessionId: reusedSessionId, reason: 'refresh_token_reused' },
            },
            tx,
          );
        }
        return { kind: 'reused' as const, userId: session?.userId, revoked };
      }
      const session = await this.sessions.findById(sessionId, tx);
      const user = session && (await this.users.findById(session.userId, tx));
      if (!session || !user || session.revokedAt || session.expiresAt <= new Date() || user.blockedAt) {
        return { kind: 'ended' as const };
      }
      const next = newOpaqueToken();
      await this.sessions.addRefreshToken(session.id, hashToken(next), tx);
      await this.sessions.touch(session.id, tx);
      return { kind: 'ok' as const, session, next };
    });

    switch (outcome.kind) {
      case 'ok':
        return this.issue(outcome.session, outcome.next);
      case 'reused':
        if (outcome.userId) {
          await this.revocations.announce({
            userId: outcome.userId,
            sessionIds: outcome.revoked,
            reason: 'refresh_token_reused',
          });
        }
        throw new AppError(
          ErrorCode.refreshTokenReused,
          401,
          'This refresh token was already used; the session has been signed out for safety',
        );
      default:
        throw new AppError(
          ErrorCode.invalidRefreshToken,
          401,
          'The refresh token is invalid or its session has ended',
        );
    }
  }

  /** Ends the session a refresh token belongs to (logout). Unknown tokens are ignored. */
  async endByRefreshToken(refreshToken: string, context: RequestContext): Promise<void> {
    const sessionId = await this.sessions.sessionOfToken(hashToken(refreshToken), this.database.db);
    if (sessionId) await this.end(sessionId, 'logout', context);
  }

  async end(sessionId: string, reason: string, context: RequestContext): Promise<void> {
    const session = await this.sessions.findById(sessionId);
    if (!session) return;
    const revoked = await this.database.db.transaction(async (tx) => {
      const ids = await this.sessions.revoke({ sessionId }, reason, tx);
      if (ids.length) {
        await this.activity.record(
          {
            userId: session.userId,
            type: reason === 'logout' ? 'logout' : 'session.revoked',
            success: true,
            ip: context.ip,
            userAgent: context.userAgent,
            details: { sessionId, reason },
          },
          tx,
        );
      }
      return ids;
    });
    await this.revocations.announce({ userId: session.userId, sessionIds: revoked, reason });
  }

  /** Revokes every session of the user but `exceptId` (password change, "sign out elsewhere"). */
  async endOthers(userId: string, exceptId: string | undefined, reason: string, tx?: Db): Promise<string[]> {
    return this.sessions.revoke({ userId, exceptId }, reason, tx);
  }

  async list(userId: string, currentSessionId: string): Promise<Session[]> {
    const rows = await this.sessions.listActive(userId);
    return rows.map((row) => toSessionDto(row, currentSessionId));
  }

  /** Revokes one of the caller's own sessions; someone else's is "not found", never "forbidden". */
  async revokeOwn(userId: string, sessionId: string, context: RequestContext): Promise<void> {
    const session = await this.sessions.findById(sessionId);
    if (!session || session.userId !== userId || session.revokedAt) {
      throw new AppError(ErrorCode.sessionNotFound, 404, 'No such session');
    }
    await this.end(sessionId, 'revoked_by_user', context);
  }

  async revokeOthers(userId: string, currentSessionId: string, context: RequestContext): Promise<number> {
    const revoked = await this.database.db.transaction(async (tx) => {
      const ids = await this.endOthers(userId, currentSessionId, 'revoked_by_user', tx);
      if (ids.length) {
        await this.activity.record(
          {
            userId,
            type: 'session.revoked',
            success: true,
            ip: context.ip,
            userAgent: context.userAgent,
            details: { sessionIds: ids, reason: 'revoked_by_user' },
          },
          tx,
        );
      }
      return ids;
    });
    await this.revocations.announce({ userId, sessionIds: revoked, reason: 'revoked_by_user' });
    return revoked.length;
  }

  private async issue(session: SessionRow, refreshToken: string): Promise<IssuedTokens> {
    const accessToken = await this.tokens.sign({ userId: session.userId, sessionId: session.id });
    return {
      refreshToken,
      pair: {
        mfaRequired: false,
        accessToken,
        expiresIn: ACCESS_TOKEN_TTL_SECONDS,
        tokenType: 'Bearer',
        sessionId: session.id,
      },
    };
  }
}

function toSessionDto(row: SessionRow, currentSessionId: string): Session {
  return {
    id: row.id,
    current: row.id === currentSessionId,
    userAgent: row.userAgent,
    device: describeDevice(row.userAgent ?? undefined),
    ip: row.ip,
    authMethod: row.authMethod,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt.toISOString(),
  };
}
