import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { type Principal } from '../modules/auth/guard/principal.js';
import { RolePermissions } from '../modules/auth/guard/role-permissions.js';
import { SessionRevocations } from '../modules/auth/sessions/session-revocations.js';
import { AccessTokens } from '../modules/auth/tokens/access-tokens.js';
import { UsersRepository } from '../modules/users/users.repository.js';

/** The same checks the HTTP guard makes, for a token that arrives in a socket frame. */
@Injectable()
export class ConnectionAuth {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly revocations: SessionRevocations,
    private readonly users: UsersRepository,
    private readonly rolePermissions: RolePermissions,
  ) {}

  async verify(token: string): Promise<{ principal: Principal; expiresAt: number } | null> {
    try {
      const { userId, sessionId, expiresAt } = await this.tokens.verify(token);
      if (await this.revocations.isRevoked(sessionId)) return null;
      const user = await this.users.findById(userId);
      if (!user || user.blockedAt) return null;
      return {
        principal: { userId, sessionId, role: user.role, permissions: this.rolePermissions.of(user.role) },
        expiresAt,
      };
    } catch (error) {
      if (error instanceof AppError) return null;
      throw error;
    }
  }

  onSessionsRevoked(handler: (sessionIds: string[]) => void) {
    return this.revocations.onRevoked((event) => handler(event.sessionIds));
  }
}
