import { type TokenPair, TokenPairSchema } from '@beseda/protocol';
import { isApiError } from '../api/api-error';
import { apiClient } from '../api/client';
import { requestData, requestOk } from '../api/request';
import { createAuthMiddleware } from './auth-middleware';
import { getSessionState, resetSessionState, setSessionState } from './session-store';

/** Renew this long before the access token expires, so no request goes out with a stale one. */
const REFRESH_AHEAD_MS = 60_000;
/** Never schedule renewals closer than this, whatever lifetime the server gives the token. */
const MIN_REFRESH_DELAY_MS = 5_000;
/** After a renewal that could not reach the server, try again this soon. */
const RETRY_UNREACHABLE_MS = 15_000;
/**
 * A refresh token works once. Two tabs sending the same cookie at the same moment would look
 * like a stolen token to the server, which then revokes the whole session; this lock, shared by
 * every tab of the origin, makes their renewals take turns.
 */
const REFRESH_LOCK = 'beseda-refresh';
/**
 * Not a secret: remembers that this browser probably holds a refresh cookie. Without it a
 * signed-out visit starts straight at the login page instead of with a refresh that must fail.
 */
const SESSION_HINT_KEY = 'beseda.session';
/** Tells the other tabs of the origin about sign-ins and sign-outs. */
const SESSION_CHANNEL = 'beseda-session';

type SessionMessage = 'signed-in' | 'signed-out';

/** What a renewal came to: a new access token, a refusal (signed out), or no answer (kept for a retry). */
export type RefreshOutcome = 'renewed' | 'rejected' | 'unreachable';

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshInFlight: Promise<RefreshOutcome> | null = null;
let restoring: Promise<void> | null = null;
let channel: BroadcastChannel | null = null;
let stopListening: (() => void) | null = null;

apiClient.use(
  createAuthMiddleware(
    async () => getSessionState().status !== 'signedOut' && (await refreshSession()) === 'renewed',
  ),
);

/** Starts a session from the tokens a login answered with. */
export function signIn(pair: TokenPair): void {
  accept(pair);
  writeHint(true);
  broadcast('signed-in');
}

/**
 * Before the tab leaves for an identity provider: the server sends the browser back with a
 * refresh cookie, and the page that loads then must try it even in a browser that never signed
 * in before. If the sign-in fails, that one refresh is refused and the hint is cleared again.
 */
export function expectSessionOnReturn(): void {
  writeHint(true);
}

/** Ends the session on the server (best effort) and here, in every tab. */
export async function signOut(): Promise<void> {
  clearTimeout(refreshTimer);
  try {
    // Under the lock, so it cannot race a renewal in another tab that is rotating the same cookie.
    await withRefreshLock(() => requestOk(apiClient.POST('/api/v1/auth/logout', { body: {} })));
  } catch {
    // Unreachable server: the local session ends anyway; the server one expires on its own.
  }
  endLocally();
  broadcast('signed-out');
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers in this tab share one
 * request; other tabs wait for the cross-tab lock.
 */
export function refreshSession(): Promise<RefreshOutcome> {
  refreshInFlight ??= withRefreshLock(exchangeRefreshCookie).finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

/**
 * Once per page load: restores the session from the refresh cookie, if there is one, and starts
 * following the other tabs. Safe to call any number of times.
 */
export function restoreSession(): Promise<void> {
  restoring ??= (async () => {
    listenToOtherTabs();
    if (getSessionState().status !== 'unknown') return;
    if (!readHint()) {
      markSignedOut();
      return;
    }
    await refreshSession();
    // Server unreachable: show the sign-in page; the scheduled retry still restores the session.
    if (getSessionState().status === 'unknown') markSignedOut();
  })();
  return restoring;
}

/** Forgets everything, as after a page load. For tests. */
export function resetSession(): void {
  clearTimeout(refreshTimer);
  stopListening?.();
  channel?.close();
  channel = null;
  stopListening = null;
  refreshInFlight = null;
  restoring = null;
  resetSessionState();
}

async function exchangeRefreshCookie(): Promise<RefreshOutcome> {
  try {
    const pair = await requestData(apiClient.POST('/api/v1/auth/refresh', { body: {} }), TokenPairSchema);
    accept(pair);
    return 'renewed';
  } catch (error) {
    if (isApiError(error) && (error.status === 401 || error.status === 403)) {
      endLocally();
      return 'rejected';
    }
    // Offline, a 5xx or a rate limit: the session itself may be fine, so keep it and retry.
    scheduleRefresh(RETRY_UNREACHABLE_MS);
    return 'unreachable';
  }
}

function accept(pair: TokenPair) {
  const lifetimeMs = pair.expiresIn * 1000;
  setSessionState({
    status: 'signedIn',
    accessToken: pair.accessToken,
    expiresAt: Date.now() + lifetimeMs,
    sessionId: pair.sessionId,
  });
  scheduleRefresh(lifetimeMs - REFRESH_AHEAD_MS);
}

function endLocally() {
  clearTimeout(refreshTimer);
  writeHint(false);
  markSignedOut();
}

function markSignedOut() {
  setSessionState({ status: 'signedOut', accessToken: null, expiresAt: 0, sessionId: null });
}

function scheduleRefresh(delayMs: number) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refreshSession(), Math.max(delayMs, MIN_REFRESH_DELAY_MS));
}

async function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  // Web Locks are missing only in old browsers and test DOMs; single-flight within the tab remains.
  if (typeof navigator === 'undefined' || !('locks' in navigator)) return task();
  return await navigator.locks.request(REFRESH_LOCK, task);
}

function listenToOtherTabs() {
  if (stopListening) return;
  const onVisible = () => {
    // Background tabs get their timers throttled: catch up as soon as the tab is looked at.
    const { status, expiresAt } = getSessionState();
    if (
      document.visibilityState === 'visible' &&
      status === 'signedIn' &&
      expiresAt - Date.now() < REFRESH_AHEAD_MS
    ) {
      void refreshSession();
    }
  };
  document.addEventListener('visibilitychange', onVisible);

  if (typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(SESSION_CHANNEL);
    channel.onmessage = (event: MessageEvent<SessionMessage>) => {
      if (event.data === 'signed-out') endLocally();
      // The other tab's sign-in left a fresh refresh cookie, shared with this tab.
      if (event.data === 'signed-in' && getSessionState().status !== 'signedIn') void refreshSession();
    };
  }
  stopListening = () => document.removeEventListener('visibilitychange', onVisible);
}

function broadcast(message: SessionMessage) {
  channel?.postMessage(message);
}

function readHint(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT_KEY) === '1';
  } catch {
    // Storage refused (private mode): try the cookie; at worst it costs one failed refresh.
    return true;
  }
}

function writeHint(present: boolean) {
  try {
    if (present) localStorage.setItem(SESSION_HINT_KEY, '1');
    else localStorage.removeItem(SESSION_HINT_KEY);
  } catch {
    // See readHint.
  }
}
