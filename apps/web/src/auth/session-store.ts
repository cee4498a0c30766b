/**
 * Where the signed-in state lives: in this module's memory only. The access token is never
 * written to localStorage or sessionStorage, so a script injected into the page cannot lift it
 * from storage, and it dies with the tab. The refresh token is an HttpOnly cookie the page
 * never sees.
 */

export type SessionStatus =
  /** Not known yet: the silent refresh that may restore a session has not finished. */
  'unknown' | 'signedIn' | 'signedOut';

export interface SessionState {
  status: SessionStatus;
  accessToken: string | null;
  /** Client clock, so the server's clock does not matter: `Date.now()` at receipt + `expiresIn`. */
  expiresAt: number;
  sessionId: string | null;
}

const initialState: SessionState = { status: 'unknown', accessToken: null, expiresAt: 0, sessionId: null };

let state: SessionState = initialState;
const listeners = new Set<() => void>();

export function getSessionState(): SessionState {
  return state;
}

export function setSessionState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function resetSessionState(): void {
  setSessionState(initialState);
}

export function subscribeToSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
