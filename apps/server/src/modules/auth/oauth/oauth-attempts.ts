import { Injectable } from '@nestjs/common';
import { type OAuthProviderId } from '@beseda/protocol';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Config } from '../../../config/config.js';
import { KeyValueStore } from '../../../infra/bus/bus.js';
import { secureCookies } from '../refresh-cookie.js';
import { hashToken, newOpaqueToken, safeEqual } from '../security/opaque-token.js';
import { type AuthorizationAttempt } from './oauth-provider.js';

/** Time the user has at the provider's sign-in page. */
export const ATTEMPT_TTL_MS = 10 * 60 * 1000;
const STATE_COOKIE = 'beseda_oauth_state';
/** The callback is the only request that needs it. */
const STATE_COOKIE_PATH = '/api/v1/auth/oauth';

export type OAuthMode = 'sign_in' | 'link';

/** What one round trip to the provider is for; stored server-side, only the state travels. */
export interface OAuthIntent {
  provider: OAuthProviderId;
  mode: OAuthMode;
  /** Path to land on after a sign-in. */
  next: string;
  /** In link mode, the signed-in user the identity will be attached to. */
  userId?: string;
}

export type StoredAttempt = OAuthIntent & Omit<AuthorizationAttempt, 'state'>;

/** Sign-in attempts in the shared store, keyed by a hash of their state, each usable once. */
@Injectable()
export class OAuthAttempts {
  constructor(private readonly store: KeyValueStore) {}

  async create(intent: OAuthIntent): Promise<AuthorizationAttempt> {
    const attempt = { state: newOpaqueToken(), codeVerifier: newOpaqueToken(), nonce: newOpaqueToken() };
    const stored: StoredAttempt = { ...intent, codeVerifier: attempt.codeVerifier, nonce: attempt.nonce };
    await this.store.set(this.key(attempt.state), JSON.stringify(stored), { ttlMs: ATTEMPT_TTL_MS });
    return attempt;
  }

  /** The attempt for this state, removed so it cannot be replayed; null if unknown, expired or used. */
  async claim(state: string): Promise<StoredAttempt | null> {
    const key = this.key(state);
    const raw = await this.store.get(key);
    // Deleting is the claim: of two callbacks with one state, only the one that deletes it wins.
    if (!raw || !(await this.store.delete(key))) return null;
    return JSON.parse(raw) as StoredAttempt;
  }

  private key(state: string) {
    return `oauth:${hashToken(state)}`;
  }
}

/**
 * Binds the attempt to the browser that started it, so a callback URL planted in another
 * browser (login CSRF) fails. Lax, not Strict: the provider sends the browser back with a
 * cross-site top-level GET, on which Strict cookies are not sent.
 */
export function setStateCookie(reply: FastifyReply, config: Config, state: string) {
  void reply.setCookie(STATE_COOKIE, state, {
    httpOnly: true,
    secure: secureCookies(config),
    sameSite: 'lax',
    path: STATE_COOKIE_PATH,
    maxAge: ATTEMPT_TTL_MS / 1000,
  });
}

export function clearStateCookie(reply: FastifyReply, config: Config) {
  void reply.clearCookie(STATE_COOKIE, {
    httpOnly: true,
    secure: secureCookies(config),
    sameSite: 'lax',
    path: STATE_COOKIE_PATH,
  });
}

/** Whether the callback's state is the one this browser's cookie holds. */
export function stateMatchesCookie(request: FastifyRequest, state: string | undefined): state is string {
  const cookie = request.cookies?.[STATE_COOKIE];
  return !!state && !!cookie && safeEqual(cookie, state);
}
