import { createContext } from 'react';
import { type RealtimeConnection } from './connection';

/** The signed-in tab's connection; null while signed out or when realtime is disabled. */
export const RealtimeContext = createContext<RealtimeConnection | null>(null);
