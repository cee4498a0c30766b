import { Injectable } from '@nestjs/common';
import { ErrorCode, type Identity, type OAuthProviderId } from '@beseda/protocol';
import { AppError } from '../../../common/errors/app-error.js';
import { type RequestContext } from '../../../common/http/request-context.js';
import { Database } from '../../../infra/db/database.js';
import { ActivityRepository } from '../../activity/activity.repository.js';
import { IdentitiesRepository, type IdentityRow } from './identities.repository.js';

/** The signed-in user's own linked identities. Linking itself goes through the provider (OAuthService). */
@Injectable()
export class IdentitiesService {
  constructor(
    private readonly database: Database,
    private readonly identities: IdentitiesRepository,
    private readonly activity: ActivityRepository,
  ) {}

  async list(userId: string): Promise<Identity[]> {
    return (await this.identities.listByUser(userId)).map(toIdentityDto);
  }

  /** Someone else's identity is "not found"; the last way into an account is never removed. */
  async unlink(userId: string, identityId: string, context: RequestContext): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      const user = await this.identities.lockUser(userId, tx);
      const identity = user && (await this.identities.findOwn(userId, identityId, tx));
      if (!identity) throw new AppError(ErrorCode.identityNotFound, 404, 'No such linked identity');
      if (!user.passwordHash && (await this.identities.countByUser(userId, tx)) <= 1) {
        throw new AppError(
          ErrorCode.lastSignInMethod,
          409,
          'This is the only way to sign in to the account: set a password or link another provider first',
        );
      }
      await this.identities.delete(identity.id, tx);
      await this.activity.record(
        {
          userId,
          type: 'identity.unlinked',
          success: true,
          ip: context.ip,
          userAgent: context.userAgent,
          details: { provider: identity.provider, identityId: identity.id },
        },
        tx,
      );
    });
  }
}

function toIdentityDto(row: IdentityRow): Identity {
  return {
    id: row.id,
    provider: row.provider as OAuthProviderId,
    email: row.email,
    createdAt: row.createdAt.toISOString(),
  };
}
