import { ErrorCode } from '@beseda/protocol';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error.js';
import { type Config } from '../../config/config.js';
import { SESSION_LIFETIME_MS } from './sessions/sessions.service.js';

export const REFRESH_COOKIE = 'beseda_refresh';
/** Only the auth endpoints ever see the cookie; no other request carries the refresh token. */
const COOKIE_PATH = '/api/v1/auth';
/** Sent by the web client: deliver the refresh token as a cookie, never in the body. */
export const TOKEN_DELIVERY_HEADER = 'x-token-delivery';

/** Whether the caller asked for the refresh token in an HttpOnly cookie (the web client does). */
export function wantsCookie(request: FastifyRequest): boolean {
  return request.headers[TOKEN_DELIVERY_HEADER] === 'cookie';
}

/**
 * Browsers only accept Secure cookies over HTTPS, except on localhost, which they treat as a
 * secure context. A plain-HTTP deployment on another host gets the cookie without Secure.
 */
export function secureCookies(config: Config): boolean {
  const url = new URL(config.publicUrl);
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export function setRefreshCookie(reply: FastifyReply, config: Config, token: string) {
  void reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: secureCookies(config),
    sameSite: 'strict',
    path: COOKIE_PATH,
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  });
}

export function clearRefreshCookie(reply: FastifyReply, config: Config) {
  void reply.clearCookie(REFRESH_COOKIE, {
    httpOnly: true,
    secure: secureCookies(config),
    sameSite: 'strict',
    path: COOKIE_PATH,
  });
}

/**
 * The refresh token of a request: from the body (API clients) or from the cookie (browsers).
 * A cookie is sent by the browser on its own, so its use needs proof the page itself asked:
 * the custom header (which a cross-site form cannot set) and, when present, a matching Origin.
 */
export function refreshTokenOf(
  request: FastifyRequest,
  config: Config,
  fromBody: string | undefined,
): string | undefined {
  if (fromBody) return fromBody;
  const cookie = request.cookies?.[REFRESH_COOKIE];
  if (!cookie) return undefined;
  const origin = request.headers.origin;
  if (!wantsCookie(request) || (origin !== undefined && origin !== new URL(config.publicUrl).origin)) {
    throw new AppError(ErrorCode.csrfRejected, 403, 'This request must come from the Beseda web app');
  }
  return cookie;
}
