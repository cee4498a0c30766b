import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type OAuthProviderId } from '@beseda/protocol';
import { AppError } from '../../../common/errors/app-error.js';
import { type RequestContext } from '../../../common/http/request-context.js';
import { RateLimiter } from '../../../common/rate-limit/rate-limiter.js';
import { type Config } from '../../../config/config.js';
import { CONFIG } from '../../../config/config.module.js';
import { ActivityRepository } from '../../activity/activity.repository.js';
import { type UserRow, UsersRepository } from '../../users/users.repository.js';
import * as limits from '../auth.limits.js';
import { AuthService } from '../auth.service.js';
import { type IssuedTokens } from '../sessions/sessions.service.js';
import { IdentitiesRepository } from './identities.repository.js';
import { safeNextPath } from './next-path.js';
import { OAuthAccounts } from './oauth-accounts.js';
import { OAuthAttempts, type OAuthMode } from './oauth-attempts.js';
import {
  type AuthorizationAttempt,
  type OAuthProfile,
  type OAuthProvider,
  providerError,
} from './oauth-provider.js';
import { OAuthProviders } from './oauth-providers.js';

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  /** The responding issuer (RFC 9207), sent by providers that guard against mix-up attacks. */
  iss?: string;
}

/** Where the browser goes next, and the tokens of a new session when the sign-in is complete. */
export interface CallbackOutcome {
  location: string;
  tokens?: IssuedTokens;
}

const invalidState = () =>
  new AppError(ErrorCode.oauthInvalidState, 400, 'This sign-in attempt is unknown, expired or already used');

/**
 * Sign-in and account linking through identity providers (authorization code flow with PKCE).
 * A provider proves the first factor only: account checks and TOTP apply as for a password.
 */
@Injectable()
export class OAuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly identities: IdentitiesRepository,
    private readonly accounts: OAuthAccounts,
    private readonly activity: ActivityRepository,
    private readonly auth: AuthService,
    private readonly providers: OAuthProviders,
    private readonly attempts: OAuthAttempts,
    private readonly rateLimiter: RateLimiter,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  listProviders(): Array<{ id: OAuthProviderId; name: string }> {
    return this.providers.list().map(({ id, name }) => ({ id, name }));
  }

  /** Opens an attempt and returns the provider's page for it; the state goes into the browser's cookie. */
  async start(
    providerId: string,
    intent: { mode: OAuthMode; next?: string; userId?: string },
    context: RequestContext,
  ): Promise<{ url: URL; state: string }> {
    const provider = this.providers.get(providerId);
    await this.rateLimiter.consume(limits.oauthStartsPerIp, context.ip);
    const attempt = await this.attempts.create({
      provider: provider.id,
      mode: intent.mode,
      next: safeNextPath(intent.next),
      userId: intent.userId,
    });
    try {
      return { url: await provider.authorizationUrl(attempt), state: attempt.state };
    } catch (error) {
      await this.attempts.claim(attempt.state);
      throw error;
    }
  }

  /** The provider sent the browser back: check the attempt, learn who it is, then sign in or link. */
  async callback(
    providerId: string,
    query: CallbackQuery,
    stateMatchesCookie: boolean,
    context: RequestContext,
  ): Promise<CallbackOutcome> {
    const provider = this.providers.get(providerId);
    if (!stateMatchesCookie || !query.state) throw invalidState();
    const attempt = await this.attempts.claim(query.state);
    if (!attempt || attempt.provider !== provider.id) throw invalidState();

    const secrets = { state: query.state, codeVerifier: attempt.codeVerifier, nonce: attempt.nonce };
    if (attempt.mode === 'sign_in') {
      return this.signIn(
        provider.id,
        await this.profileFrom(provider, query, secrets),
        attempt.next,
        context,
      );
    }
    const { userId } = attempt;
    if (!userId) throw invalidState();
    try {
      return await this.link(userId, provider.id, await this.profileFrom(provider, query, secrets), context);
    } catch (error) {
      await this.recordFailure(userId, 'identity.linked', provider.id, reasonOf(error), context);
      throw error;
    }
  }

  private async profileFrom(
    provider: OAuthProvider,
    query: CallbackQuery,
    attempt: AuthorizationAttempt,
  ): Promise<OAuthProfile> {
    if (query.error) {
      throw new AppError(ErrorCode.oauthDenied, 401, `The provider answered "${query.error}"`);
    }
    if (!query.code) throw providerError('The provider sent no authorization code');
    // RFC 9207: an answer that names another issuer belongs to another provider's flow (mix-up).
    if (query.iss !== undefined && provider.issuers && !provider.issuers.includes(query.iss)) {
      throw new AppError(
        ErrorCode.oauthInvalidState,
        400,
        `The answer came from another issuer, "${query.iss}"`,
      );
    }
    return provider.profile(query.code, attempt);
  }

  private async signIn(
    providerId: OAuthProviderId,
    profile: OAuthProfile,
    next: string,
    context: RequestContext,
  ): Promise<CallbackOutcome> {
    const method = `oauth:${providerId}`;
    const identity = await this.identities.findBySubject(providerId, profile.subject);
    const user = identity
      ? await this.users.findById(identity.userId)
      : await this.createAccount(providerId, profile, context);
    if (!user) throw invalidState();
    try {
      const result = await this.auth.signInVerified(user, method, context);
      if (result.kind === 'mfa') return { location: this.url('/login', { mfa: result.response.mfaToken }) };
      return { location: this.url(next), tokens: result.tokens };
    } catch (error) {
      await this.recordFailure(user.id, 'login', providerId, reasonOf(error), context);
      throw error;
    }
  }

  private async createAccount(
    providerId: OAuthProviderId,
    profile: OAuthProfile,
    context: RequestContext,
  ): Promise<UserRow> {
    const created = await this.accounts.create(providerId, profile, context);
    if (!created.existing) return created.user;
    // The address's owner signs in with the password and links the provider in the settings,
    // which proves both sides; the attempt is shown in their activity.
    await this.recordFailure(created.existing.id, 'login', providerId, ErrorCode.oauthAccountExists, context);
    throw new AppError(
      ErrorCode.oauthAccountExists,
      409,
      'An account with this e-mail address exists: sign in with its password and link the provider in the security settings',
    );
  }

  private async link(
    userId: string,
    providerId: OAuthProviderId,
    profile: OAuthProfile,
    context: RequestContext,
  ): Promise<CallbackOutcome> {
    const user = await this.users.findById(userId);
    if (!user) throw invalidState();
    this.auth.assertMaySignIn(user);
    await this.accounts.link(userId, providerId, profile, context);
    return { location: this.url('/settings/security', { linked: providerId }) };
  }

  private async recordFailure(
    userId: string,
    type: 'login' | 'identity.linked',
    providerId: OAuthProviderId,
    reason: string,
    context: RequestContext,
  ) {
    await this.activity.record({
      userId,
      type,
      success: false,
      ip: context.ip,
      userAgent: context.userAgent,
      details: {
        ...(type === 'login' ? { method: `oauth:${providerId}` } : { provider: providerId }),
        reason,
      },
    });
  }

  /** An address on this site; the web app reads `error`, `mfa` and `linked` from the query. */
  url(path: string, query?: Record<string, string>): string {
    return `${this.config.publicUrl}${path}${query ? `?${new URLSearchParams(query).toString()}` : ''}`;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof AppError ? error.code : ErrorCode.internal;
}
