import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@beseda/protocol';
import { AppError } from '../../common/errors/app-error.js';
import { type RequestContext } from '../../common/http/request-context.js';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { Database, type Db } from '../../infra/db/database.js';
import { ActivityRepository } from '../activity/activity.repository.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import { type UserRow, UsersRepository } from '../users/users.repository.js';
import * as limits from './auth.limits.js';
import { weakPasswordMessage } from './auth.service.js';
import { EmailTokensRepository } from './email-tokens.repository.js';
import { PasswordHasher } from './security/password-hasher.js';
import { checkPassword } from './security/password-policy.js';
import { hashToken, newOpaqueToken } from './security/opaque-token.js';
import { SessionRevocations } from './sessions/session-revocations.js';
import { SessionsService } from './sessions/sessions.service.js';

const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

@Injectable()
export class PasswordService {
  constructor(
    private readonly database: Database,
    private readonly users: UsersRepository,
    private readonly emailTokens: EmailTokensRepository,
    private readonly activity: ActivityRepository,
    private readonly sessions: SessionsService,
    private readonly revocations: SessionRevocations,
    private readonly hasher: PasswordHasher,
    private readonly rateLimiter: RateLimiter,
    private readonly mail: MailOutbox,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Mails a reset link; the same answer whether or not the address has an account. */
  async requestReset(email: string, context: RequestContext): Promise<void> {
    await this.rateLimiter.consume(limits.mailRequestsPerIp, context.ip);
    await this.rateLimiter.consume(limits.mailRequestsPerRecipient, email);
    await this.database.db.transaction(async (tx) => {
      const user = await this.users.findByEmail(email, tx);
      if (!user || user.blockedAt) return;
      const token = newOpaqueToken();
      await this.emailTokens.invalidate(user.id, 'reset_password', tx);
      await this.emailTokens.insert(user.id, 'reset_password', hashToken(token), RESET_TOKEN_TTL_MS, tx);
      await this.mail.enqueue(tx, {
        to: user.email,
        template: 'reset-password',
        language: user.language,
        data: {
          displayName: user.displayName,
          link: `${this.config.publicUrl}/reset-password?token=${token}`,
        },
      });
    });
    this.mail.wake();
  }

  /**
   * Sets a new password from a reset link and signs out every session. It signs nobody in: the
   * next login still asks for the second factor.
   */
  async reset(token: string, password: string, context: RequestContext): Promise<void> {
    await this.rateLimiter.consume(limits.tokenAttemptsPerIp, context.ip);
    const passwordHash = await this.hasher.hash(password);
    const { user, revoked } = await this.database.db.transaction(async (tx) => {
      const userId = await this.emailTokens.consume(hashToken(token), 'reset_password', tx);
      const user = userId && (await this.users.findById(userId, tx));
      if (!user) throw new AppError(ErrorCode.invalidToken, 400, 'This link is invalid, used or expired');
      this.assertAcceptable(password, user, 'body.password');
      // Following the link proves the mailbox, so the address counts as confirmed from now on.
      await this.users.update(
        user.id,
        { passwordHash, emailConfirmedAt: user.emailConfirmedAt ?? new Date() },
        tx,
      );
      const revoked = await this.sessions.endOthers(user.id, undefined, 'password_reset', tx);
      await this.recordChange(user, 'password.reset', context, tx);
      return { user, revoked };
    });
    await this.revocations.announce({ userId: user.id, sessionIds: revoked, reason: 'password_reset' });
    this.mail.wake();
  }

  /** Changes the password with the current one; other sessions are signed out, this one stays. */
  async change(
    userId: string,
    sessionId: string,
    currentPassword: string,
    newPassword: string,
    context: RequestContext,
  ): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user?.passwordHash || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw new AppError(ErrorCode.invalidCredentials, 400, 'The current password is wrong', [
        { path: 'body.currentPassword', code: 'wrong', message: 'The current password is wrong' },
      ]);
    }
    this.assertAcceptable(newPassword, user, 'body.newPassword');
    const passwordHash = await this.hasher.hash(newPassword);
    const revoked = await this.database.db.transaction(async (tx) => {
      await this.users.update(user.id, { passwordHash }, tx);
      const revoked = await this.sessions.endOthers(user.id, sessionId, 'password_changed', tx);
      await this.recordChange(user, 'password.changed', context, tx);
      return revoked;
    });
    await this.revocations.announce({ userId: user.id, sessionIds: revoked, reason: 'password_changed' });
    this.mail.wake();
  }

  private assertAcceptable(password: string, user: UserRow, field: string) {
    const policy = checkPassword(password, {
      email: user.email,
      username: user.username,
      displayName: user.displayName,
    });
    if (!policy.ok) {
      throw new AppError(ErrorCode.weakPassword, 400, weakPasswordMessage(policy.reason), [
        { path: field, code: policy.reason, message: policy.suggestions.join(' ') },
      ]);
    }
  }

  private async recordChange(user: UserRow, type: string, context: RequestContext, tx: Db) {
    await this.activity.record(
      { userId: user.id, type, success: true, ip: context.ip, userAgent: context.userAgent },
      tx,
    );
    await this.mail.enqueue(tx, {
      to: user.email,
      template: 'password-changed',
      language: user.language,
      data: { displayName: user.displayName },
    });
  }
}
