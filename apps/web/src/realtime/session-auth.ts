import { refreshSession, signOut } from '../auth/session';
import { getSessionState, subscribeToSession } from '../auth/session-store';
import { type RealtimeAuth } from './connection';

/** The realtime connection's view of the session layer: the in-memory token, its renewal, sign-out. */
export const sessionAuth: RealtimeAuth = {
  accessToken: () => getSessionState().accessToken,
  expiresAt: () => getSessionState().expiresAt,
  subscribe: subscribeToSession,
  refresh: async () => (await refreshSession()) === 'renewed',
  signOut,
};
