import { Inject, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  type Language,
  type LoginRequest,
  type LoginResponse,
  type RegisterRequest,
} from '@beseda/protocol';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../common/errors/app-error.js';
import { type RequestContext } from '../../common/http/request-context.js';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { KeyValueStore } from '../../infra/bus/bus.js';
import { Database, type Db } from '../../infra/db/database.js';
import { ActivityRepository } from '../activity/activity.repository.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import { type UserRow, UsersRepository } from '../users/users.repository.js';
import * as limits from './auth.limits.js';
import { EmailTokensRepository } from './email-tokens.repository.js';
import { PasswordHasher } from './security/password-hasher.js';
import { checkPassword } from './security/password-policy.js';
import { hashToken, newOpaqueToken } from './security/opaque-token.js';
import { type IssuedTokens, SessionsService } from './sessions/sessions.service.js';
import { TwoFactorService } from './two-factor.service.js';

const CONFIRM_EMAIL_TTL_MS = 24 * 60 * 60 * 1000;
const MFA_CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** Serialises registrations so exactly one account can become the first one, the owner. */
export const FIRST_USER_LOCK_KEY = 0x6265_7366;

export type MfaChallenge = Extract<LoginResponse, { mfaRequired: true }>;
export type LoginResult = { kind: 'tokens'; tokens: IssuedTokens } | { kind: 'mfa'; response: MfaChallenge };

const invalidCredentials = () =>
  new AppError(ErrorCode.invalidCredentials, 401, 'The login or password is wrong');

@Injectable()
export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly users: UsersRepository,
    private readonly emailTokens: EmailTokensRepository,
    private readonly activity: ActivityRepository,
    private readonly sessions: SessionsService,
    private readonly twoFactor: TwoFactorService,
    private readonly hasher: PasswordHasher,
    private readonly rateLimiter: RateLimiter,
    private readonly mail: MailOutbox,
    private readonly store: KeyValueStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Creates an unconfirmed account and mails the confirmation link. An address that already has
   * an account gets the same answer (no enumeration) and its owner a notice by e-mail instead.
   */
  async register(input: RegisterRequest & { email: string }, context: RequestContext): Promise<void> {
    await this.rateLimiter.consume(limits.registrationsPerIp, context.ip);
    const language: Language = input.language ?? 'ru';
    const policy = checkPassword(input.password, {
      email: input.email,
      username: input.username,
      displayName: input.displayName,
    });
    if (!policy.ok) {
      throw new AppError(ErrorCode.weakPassword, 400, weakPasswordMessage(policy.reason), [
        { path: 'body.password', code: policy.reason, message: policy.suggestions.join(' ') },
      ]);
    }
    // Hashed before any lookup, so a taken address costs the same time as a free one.
    const passwordHash = await this.hasher.hash(input.password);

    await this.database.db.transaction(async (tx) => {
      const existing = await this.users.findByEmail(input.email, tx);
      if (existing) {
        await this.mailExistingAccount(existing, tx);
        return;
      }
      if (await this.users.findByUsername(input.username, tx)) {
        throw new AppError(ErrorCode.usernameTaken, 409, 'This username is taken', [
          { path: 'body.username', code: 'taken', message: 'This username is taken' },
        ]);
      }
      await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_USER_LOCK_KEY})`);
      const first = !(await this.users.hasAnyUser(tx));
      const user = await this.users.insert(
        {
          id: uuidv7(),
          email: input.email,
          username: input.username,
          displayName: input.displayName,
          passwordHash,
          role: first ? 'owner' : 'member',
          language,
        },
        tx,
      );
      await this.activity.record(
        { userId: user.id, type: 'register', success: true, ip: context.ip, userAgent: context.userAgent },
        tx,
      );
      await this.sendConfirmation(user, tx);
    });
    this.mail.wake();
  }

  async confirmEmail(token: string, context: RequestContext): Promise<void> {
    await this.rateLimiter.consume(limits.tokenAttemptsPerIp, context.ip);
    await this.database.db.transaction(async (tx) => {
      const userId = await this.emailTokens.consume(hashToken(token), 'confirm_email', tx);
      if (!userId) throw new AppError(ErrorCode.invalidToken, 400, 'This link is invalid, used or expired');
      await this.users.update(userId, { emailConfirmedAt: new Date() }, tx);
      await this.activity.record(
        { userId, type: 'email.confirmed', success: true, ip: context.ip, userAgent: context.userAgent },
        tx,
      );
    });
  }

  /** Sends the link again; silent for unknown or confirmed addresses (no enumeration). */
  async resendConfirmation(email: string, context: RequestContext): Promise<void> {
    await this.rateLimiter.consume(limits.mailRequestsPerIp, context.ip);
    await this.rateLimiter.consume(limits.mailRequestsPerRecipient, email);
    await this.database.db.transaction(async (tx) => {
      const user = await this.users.findByEmail(email, tx);
      if (user && !user.emailConfirmedAt) await this.sendConfirmation(user, tx);
    });
    this.mail.wake();
  }

  async login({ login, password }: LoginRequest, context: RequestContext): Promise<LoginResult> {
    const subject = login.trim().toLowerCase();
    await this.rateLimiter.check(limits.loginFailuresPerIp, context.ip);
    await this.rateLimiter.check(limits.loginFailuresPerAccount, subject);

    const user = await this.users.findByLogin(subject);
    const passwordOk = user?.passwordHash
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyDummy(password);
    if (!user || !passwordOk) {
      await Promise.all([
        this.rateLimiter.hit(limits.loginFailuresPerIp, context.ip),
        this.rateLimiter.hit(limits.loginFailuresPerAccount, subject),
      ]);
      await this.activity.record({
        userId: user?.id ?? null,
        type: 'login',
        success: false,
        ip: context.ip,
        userAgent: context.userAgent,
        details: { method: 'password', reason: user ? 'wrong_password' : 'unknown_account' },
      });
      throw invalidCredentials();
    }
    this.assertMaySignIn(user);
    if (user.passwordHash && this.hasher.needsRehash(user.passwordHash)) {
      // Parameters were raised since this hash was made; the plain password is at hand only now.
      await this.users.update(user.id, { passwordHash: await this.hasher.hash(password) });
    }

    return this.signInVerified(user, 'password', context);
  }

  /**
   * Finishes a sign-in once the first factor is proven (a password, or an identity provider):
   * the account checks, then the TOTP challenge when it is on, else a new session.
   */
  async signInVerified(user: UserRow, method: string, context: RequestContext): Promise<LoginResult> {
    this.assertMaySignIn(user);
    if (user.totpEnabledAt) return { kind: 'mfa', response: await this.challengeSecondFactor(user, method) };
    return { kind: 'tokens', tokens: await this.completeLogin(user, method, context) };
  }

  private async challengeSecondFactor(user: UserRow, method: string): Promise<MfaChallenge> {
    const mfaToken = newOpaqueToken();
    await this.store.set(`mfa:${hashToken(mfaToken)}`, JSON.stringify({ userId: user.id, method }), {
      ttlMs: MFA_CHALLENGE_TTL_MS,
    });
    return { mfaRequired: true, mfaToken };
  }

  /** Second step of a login with 2FA: the challenge is single-use, the code checked with replay protection. */
  async loginWithSecondFactor(
    mfaToken: string,
    code: string,
    context: RequestContext,
  ): Promise<IssuedTokens> {
    const key = `mfa:${hashToken(mfaToken)}`;
    const raw = await this.store.get(key);
    if (!raw) throw new AppError(ErrorCode.invalidToken, 401, 'The sign-in attempt has expired; start again');
    const challenge = JSON.parse(raw) as { userId: string; method: string };
    await this.rateLimiter.check(limits.mfaFailuresPerAccount, challenge.userId);

    const user = await this.users.findById(challenge.userId);
    if (!user)
      throw new AppError(ErrorCode.invalidToken, 401, 'The sign-in attempt has expired; start again');
    this.assertMaySignIn(user);
    const accepted = await this.twoFactor.verifyForLogin(user, code);
    if (!accepted) {
      await this.rateLimiter.hit(limits.mfaFailuresPerAccount, user.id);
      await this.activity.record({
        userId: user.id,
        type: 'login',
        success: false,
        ip: context.ip,
        userAgent: context.userAgent,
        details: { method: challenge.method, reason: 'wrong_second_factor' },
      });
      throw new AppError(ErrorCode.invalidMfaCode, 401, 'The code is wrong or was already used');
    }
    // Deleting is the claim: of two requests with one challenge, only the one that deletes it wins.
    if (!(await this.store.delete(key))) {
      throw new AppError(ErrorCode.invalidToken, 401, 'The sign-in attempt has expired; start again');
    }
    return this.completeLogin(user, `${challenge.method}+${accepted}`, context);
  }

  private async completeLogin(user: UserRow, method: string, context: RequestContext): Promise<IssuedTokens> {
    return this.database.db.transaction(async (tx) => {
      const tokens = await this.sessions.start(user.id, method, context, tx);
      await this.activity.record(
        {
          userId: user.id,
          type: 'login',
          success: true,
          ip: context.ip,
          userAgent: context.userAgent,
          details: { method, sessionId: tokens.pair.sessionId },
        },
        tx,
      );
      return tokens;
    });
  }

  /** Checked only after the password (or provider) proved who it is, so it reveals nothing to a guesser. */
  assertMaySignIn(user: UserRow) {
    if (user.blockedAt) throw new AppError(ErrorCode.accountBlocked, 403, 'This account is blocked');
    if (!user.emailConfirmedAt) {
      throw new AppError(
        ErrorCode.emailNotConfirmed,
        403,
        'Confirm your e-mail address first: follow the link in the message we sent',
      );
    }
  }

  private async sendConfirmation(user: UserRow, tx: Db) {
    const token = newOpaqueToken();
    await this.emailTokens.invalidate(user.id, 'confirm_email', tx);
    await this.emailTokens.insert(user.id, 'confirm_email', hashToken(token), CONFIRM_EMAIL_TTL_MS, tx);
    await this.mail.enqueue(tx, {
      to: user.email,
      template: 'confirm-email',
      language: user.language,
      data: { displayName: user.displayName, link: `${this.config.publicUrl}/confirm-email?token=${token}` },
    });
  }

  private async mailExistingAccount(user: UserRow, tx: Db) {
    if (!user.emailConfirmedAt) {
      await this.sendConfirmation(user, tx);
      return;
    }
    await this.mail.enqueue(tx, {
      to: user.email,
      template: 'registration-attempt',
      language: user.language,
      data: {
        displayName: user.displayName,
        loginLink: `${this.config.publicUrl}/login`,
        resetLink: `${this.config.publicUrl}/forgot-password`,
      },
    });
  }
}

export function weakPasswordMessage(reason: string): string {
  switch (reason) {
    case 'too_short':
      return 'The password must be at least 8 characters long';
    case 'too_long':
      return 'The password must be at most 128 characters long';
    case 'contains_personal_info':
      return 'The password must not be built from your name, username or e-mail address';
    default:
      return 'This password is too common or too easy to guess; choose another, a phrase of several words works well';
  }
}
