import { Injectable } from '@nestjs/common';
import { ErrorCode, type OAuthProviderId } from '@beseda/protocol';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../../common/errors/app-error.js';
import { type RequestContext } from '../../../common/http/request-context.js';
import { Database, type Db } from '../../../infra/db/database.js';
import { ActivityRepository } from '../../activity/activity.repository.js';
import { type UserRow, UsersRepository } from '../../users/users.repository.js';
import { FIRST_USER_LOCK_KEY } from '../auth.service.js';
import { IdentitiesRepository } from './identities.repository.js';
import { type OAuthProfile } from './oauth-provider.js';
import { usernameBase, usernameCandidates } from './usernames.js';

/** Accounts and identities made from what a provider said; each change with its activity event. */
@Injectable()
export class OAuthAccounts {
  constructor(
    private readonly database: Database,
    private readonly users: UsersRepository,
    private readonly identities: IdentitiesRepository,
    private readonly activity: ActivityRepository,
  ) {}

  /**
   * A new, confirmed member account for an identity nobody has linked, or the account that
   * already has the address: that one is the caller's to refuse, never to link on the
   * provider's word alone.
   */
  async create(
    providerId: OAuthProviderId,
    profile: OAuthProfile,
    context: RequestContext,
  ): Promise<{ user: UserRow; existing?: undefined } | { existing: UserRow }> {
    const email = profile.email;
    if (!email || !profile.emailVerified) {
      throw new AppError(
        ErrorCode.oauthEmailNotVerified,
        403,
        'The provider did not confirm an e-mail address for this account',
      );
    }
    return this.database.db.transaction(async (tx) => {
      const existing = await this.users.findByEmail(email, tx);
      if (existing) return { existing };
      await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_USER_LOCK_KEY})`);
      if (!(await this.users.hasAnyUser(tx))) {
        // Anyone with an account at a public provider could otherwise claim a fresh installation.
        throw new AppError(
          ErrorCode.oauthSetupRequired,
          409,
          'Create the first account, the owner, with a password first',
        );
      }
      const username = await this.freeUsername([profile.usernameHint, email], tx);
      const user = await this.users.insert(
        {
          id: uuidv7(),
          email,
          emailConfirmedAt: new Date(),
          username,
          displayName: (profile.name ?? username).slice(0, 64),
          passwordHash: null,
          role: 'member',
          language: profile.language ?? 'ru',
        },
        tx,
      );
      await this.activity.record(
        {
          userId: user.id,
          type: 'register',
          success: true,
          ip: context.ip,
          userAgent: context.userAgent,
          details: { method: `oauth:${providerId}` },
        },
        tx,
      );
      await this.insertIdentity(user.id, providerId, profile, context, tx);
      return { user };
    });
  }

  /** Links the identity to the user; already theirs is fine, someone else's is refused. */
  async link(userId: string, providerId: OAuthProviderId, profile: OAuthProfile, context: RequestContext) {
    await this.database.db.transaction(async (tx) => {
      const existing = await this.identities.findBySubject(providerId, profile.subject, tx);
      if (existing && existing.userId !== userId) {
        throw new AppError(ErrorCode.oauthIdentityInUse, 409, 'This identity is linked to another account');
      }
      if (!existing) await this.insertIdentity(userId, providerId, profile, context, tx);
    });
  }

  private async insertIdentity(
    userId: string,
    providerId: OAuthProviderId,
    profile: OAuthProfile,
    context: RequestContext,
    tx: Db,
  ) {
    const identity = await this.identities.insert(
      { id: uuidv7(), userId, provider: providerId, subject: profile.subject, email: profile.email },
      tx,
    );
    await this.activity.record(
      {
        userId,
        type: 'identity.linked',
        success: true,
        ip: context.ip,
        userAgent: context.userAgent,
        details: { provider: providerId, identityId: identity.id },
      },
      tx,
    );
  }

  private async freeUsername(hints: Array<string | null>, tx: Db): Promise<string> {
    for (const candidate of usernameCandidates(usernameBase(hints))) {
      if (!(await this.users.findByUsername(candidate, tx))) return candidate;
    }
    return `user${uuidv7().replaceAll('-', '').slice(-12)}`;
  }
}
