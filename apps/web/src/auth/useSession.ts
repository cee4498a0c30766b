import { useSyncExternalStore } from 'react';
import { getSessionState, type SessionState, subscribeToSession } from './session-store';

/** The session as React state: re-renders on sign-in, renewal and sign-out. */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribeToSession, getSessionState);
}
