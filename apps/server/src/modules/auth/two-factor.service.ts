import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@beseda/protocol';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../common/errors/app-error.js';
import { type RequestContext } from '../../common/http/request-context.js';
import { recoveryCodes, users } from '../../db/schema/index.js';
import { Database, type Db } from '../../infra/db/database.js';
import { ActivityRepository } from '../activity/activity.repository.js';
import { type UserRow, UsersRepository } from '../users/users.repository.js';
import { PasswordHasher } from './security/password-hasher.js';
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from './security/recovery-codes.js';
import { TotpService } from './security/totp.js';

const ISSUER = 'Beseda';

/** TOTP second factor (RFC 6238) with single-use recovery codes. */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly database: Database,
    private readonly users: UsersRepository,
    private readonly activity: ActivityRepository,
    private readonly totp: TotpService,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Starts setup: a fresh secret, not active until a code from it is confirmed with `enable`. */
  async setup(userId: string): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.mustFind(userId);
    if (user.totpEnabledAt) throw conflict('Two-factor authentication is already on');
    const secret = this.totp.generateSecret();
    await this.users.update(userId, { totpSecret: secret, totpLastStep: null });
    return { secret, otpauthUri: this.totp.otpauthUri({ secret, accountName: user.email, issuer: ISSUER }) };
  }

  /** Turns 2FA on after a code proves the authenticator holds the secret; returns the recovery codes, once. */
  async enable(userId: string, code: string, context: RequestContext): Promise<string[]> {
    const user = await this.mustFind(userId);
    if (user.totpEnabledAt) throw conflict('Two-factor authentication is already on');
    if (!user.totpSecret) throw conflict('Start the setup first');
    const step = this.totp.verify(user.totpSecret, code);
    if (step === null) throw wrongCode();
    const codes = generateRecoveryCodes();
    await this.database.db.transaction(async (tx) => {
      await this.users.update(userId, { totpEnabledAt: new Date(), totpLastStep: step }, tx);
      await this.replaceRecoveryCodes(userId, codes, tx);
      await this.record(userId, 'totp.enabled', context, tx);
    });
    return codes;
  }

  /** Turning 2FA off needs both the password and a current code (or a recovery code). */
  async disable(userId: string, password: string, code: string, context: RequestContext): Promise<void> {
    const user = await this.mustFind(userId);
    if (!user.totpEnabledAt) throw conflict('Two-factor authentication is off');
    if (!user.passwordHash || !(await this.hasher.verify(user.passwordHash, password))) {
      throw new AppError(ErrorCode.invalidCredentials, 401, 'The password is wrong');
    }
    if (!(await this.verifyForLogin(user, code))) throw wrongCode();
    await this.database.db.transaction(async (tx) => {
      await this.users.update(userId, { totpEnabledAt: null, totpSecret: null, totpLastStep: null }, tx);
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
      await this.record(userId, 'totp.disabled', context, tx);
    });
  }

  async regenerateRecoveryCodes(userId: string, code: string, context: RequestContext): Promise<string[]> {
    const user = await this.mustFind(userId);
    if (!user.totpEnabledAt) throw conflict('Two-factor authentication is off');
    if ((await this.verifyTotp(user, code)) === null) throw wrongCode();
    const codes = generateRecoveryCodes();
    await this.database.db.transaction(async (tx) => {
      await this.replaceRecoveryCodes(userId, codes, tx);
      await this.record(userId, 'recovery_codes.regenerated', context, tx);
    });
    return codes;
  }

  /**
   * Accepts a current authenticator code (each time step once) or an unused recovery code, and
   * returns which it was; null when neither.
   */
  async verifyForLogin(user: UserRow, code: string): Promise<'totp' | 'recovery' | null> {
    if (/^\d[\d\s]{5,}$/.test(code.trim()) && (await this.verifyTotp(user, code)) !== null) return 'totp';
    return (await this.useRecoveryCode(user.id, code)) ? 'recovery' : null;
  }

  /** Returns the accepted step, recording it atomically so the same code cannot be used again. */
  private async verifyTotp(user: UserRow, code: string): Promise<number | null> {
    if (!user.totpSecret) return null;
    const step = this.totp.verify(user.totpSecret, code, { notAfterStep: user.totpLastStep ?? undefined });
    if (step === null) return null;
    const claimed = await this.database.db
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
      .returning({ id: users.id });
    return claimed.length ? step : null;
  }

  private async useRecoveryCode(userId: string, code: string): Promise<boolean> {
    const normalized = normalizeRecoveryCode(code);
    if (normalized.length < 10) return false;
    const used = await this.database.db
      .update(recoveryCodes)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(recoveryCodes.userId, userId),
          eq(recoveryCodes.codeHash, hashRecoveryCode(normalized, userId)),
          isNull(recoveryCodes.usedAt),
        ),
      )
      .returning({ id: recoveryCodes.id });
    return used.length > 0;
  }

  private async replaceRecoveryCodes(userId: string, codes: string[], tx: Db) {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx
      .insert(recoveryCodes)
      .values(codes.map((code) => ({ id: uuidv7(), userId, codeHash: hashRecoveryCode(code, userId) })));
  }

  private record(userId: string, type: string, context: RequestContext, tx: Db) {
    return this.activity.record(
      { userId, type, success: true, ip: context.ip, userAgent: context.userAgent },
      tx,
    );
  }

  private async mustFind(userId: string): Promise<UserRow> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError(ErrorCode.userNotFound, 404, 'No such user');
    return user;
  }
}

const conflict = (message: string) => new AppError(ErrorCode.mfaStateConflict, 409, message);
const wrongCode = () => new AppError(ErrorCode.invalidMfaCode, 400, 'The code is wrong or was already used');
