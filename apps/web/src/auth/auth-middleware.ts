import { ErrorCode, ErrorResponseSchema } from '@beseda/protocol';
import type { Middleware } from 'openapi-fetch';
import { activeConnectionId, CONNECTION_ID_HEADER } from '../realtime/active-connection';
import { getSessionState } from './session-store';

/** Endpoints that work without an access token and take the refresh token from the cookie. */
const AUTH_ENDPOINTS = '/api/v1/auth/';

/**
 * Header the server looks for on every auth call: it then keeps the refresh token in the HttpOnly
 * cookie instead of the body, and refresh and logout accept the cookie only with it (a cross-site
 * form cannot set a custom header).
 */
export const TOKEN_DELIVERY_HEADER = 'X-Token-Delivery';

async function errorCodeOf(response: Response): Promise<string | undefined> {
  try {
    const envelope = ErrorResponseSchema.safeParse(await response.clone().json());
    return envelope.success ? envelope.data.error.code : undefined;
  } catch {
    return undefined;
  }
}

function authorize(request: Request, accessToken: string | null) {
  if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
}

/**
 * Signs every API call with the in-memory access token. When the server still answers 401
 * `auth.unauthenticated` (the token expired while the tab slept, or the clock was off), the
 * session is renewed once and the call is repeated with the new token; a second 401 is final.
 *
 * @param renew resolves true when a fresh access token is in the session store.
 */
export function createAuthMiddleware(renew: () => Promise<boolean>): Middleware {
  // A request's body can be read only once: each call keeps an untouched copy for the retry.
  const retryCopies = new Map<string, { request: Request; sentToken: string | null }>();

  return {
    async onRequest({ request, schemaPath, id }) {
      if (schemaPath.startsWith(AUTH_ENDPOINTS)) {
        request.headers.set(TOKEN_DELIVERY_HEADER, 'cookie');
        return request;
      }
      const { accessToken, expiresAt } = getSessionState();
      // An expired token would only earn a 401: renew first and save the round trip.
      if (accessToken && Date.now() >= expiresAt) await renew();
      const sentToken = getSessionState().accessToken;
      authorize(request, sentToken);
      // A change this tab makes reaches its own socket as the response, not as an echoed event.
      const connectionId = request.method === 'GET' ? null : activeConnectionId();
      if (connectionId) request.headers.set(CONNECTION_ID_HEADER, connectionId);
      retryCopies.set(id, { request: request.clone(), sentToken });
      return request;
    },

    async onResponse({ response, id, options }) {
      const copy = retryCopies.get(id);
      retryCopies.delete(id);
      if (!copy || response.status !== 401) return undefined;
      if ((await errorCodeOf(response)) !== ErrorCode.unauthenticated) return undefined;

      // Another call may have renewed the token while this one was in flight: use that token
      // rather than spend the single-use refresh token a second time.
      const current = getSessionState().accessToken;
      const renewed = current !== null && current !== copy.sentToken ? true : await renew();
      const token = getSessionState().accessToken;
      if (!renewed || !token) return undefined;

      authorize(copy.request, token);
      return options.fetch(copy.request);
    },

    onError({ id }) {
      retryCopies.delete(id);
      return undefined;
    },
  };
}
