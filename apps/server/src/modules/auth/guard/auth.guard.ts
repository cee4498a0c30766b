import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ErrorCode } from '@beseda/protocol';
import { type FastifyRequest } from 'fastify';
import { AppError } from '../../../common/errors/app-error.js';
import { endpointSpec } from '../../../common/http/endpoint.decorator.js';
import { UsersRepository } from '../../users/users.repository.js';
import { SessionRevocations } from '../sessions/session-revocations.js';
import { AccessTokens } from '../tokens/access-tokens.js';
import { RolePermissions } from './role-permissions.js';

/**
 * Deny by default: every endpoint needs a valid access token unless its @Endpoint says
 * `public`, and the caller's role must hold every permission the endpoint lists.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly revocations: SessionRevocations,
    private readonly users: UsersRepository,
    private readonly rolePermissions: RolePermissions,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const spec = endpointSpec(ctx);
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (spec.public && !(spec.optionalAuth && request.headers.authorization)) return true;

    const header = request.headers.authorization;
    const match = header?.match(/^Bearer ([A-Za-z0-9._~+/-]+=*)$/);
    if (!match)
      throw new AppError(ErrorCode.unauthenticated, 401, 'Sign in: this request needs an access token');

    const { userId, sessionId } = await this.tokens.verify(match[1]!);
    if (await this.revocations.isRevoked(sessionId)) {
      throw new AppError(ErrorCode.unauthenticated, 401, 'The session has been signed out');
    }
    const user = await this.users.findById(userId);
    if (!user) throw new AppError(ErrorCode.unauthenticated, 401, 'The account no longer exists');
    if (user.blockedAt) throw new AppError(ErrorCode.accountBlocked, 401, 'The account is blocked');

    const permissions = this.rolePermissions.of(user.role);
    request.principal = { userId, sessionId, role: user.role, permissions };

    const missing = (spec.permissions ?? []).filter((permission) => !permissions.has(permission));
    if (missing.length > 0) {
      throw new AppError(ErrorCode.forbidden, 403, `This needs the ${missing.join(', ')} permission`);
    }
    return true;
  }
}
