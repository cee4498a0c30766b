import { useCallback, useContext, useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import { type RealtimeStatus } from './connection';
import { type RealtimeEventHandler, type RealtimeEventType } from './event-dispatcher';
import { RealtimeContext } from './realtime-context';

const noop = () => undefined;

/** The connection's status, re-rendering on change; null when there is no connection (signed out). */
export function useRealtimeStatus(): RealtimeStatus | null {
  const connection = useContext(RealtimeContext);
  const subscribe = useCallback(
    (listener: () => void) => connection?.onStatusChange(listener) ?? noop,
    [connection],
  );
  return useSyncExternalStore(subscribe, () => connection?.status ?? null);
}

/** Calls the handler (its latest render's version) with each server event of this type. */
export function useRealtimeEvent<T extends RealtimeEventType>(type: T, handler: RealtimeEventHandler<T>) {
  const connection = useContext(RealtimeContext);
  const onEvent = useEffectEvent(handler);
  useEffect(
    () => connection?.on(type, (data, event) => onEvent(data, event)),
    // onEvent is an effect event: always current, and never a dependency.
    [connection, type],
  );
}

/** Calls the handler when realtime events were lost: reload whatever they would have updated. */
export function useRealtimeResync(handler: (reason: string) => void) {
  const connection = useContext(RealtimeContext);
  const onResync = useEffectEvent(handler);
  useEffect(() => connection?.onResync((reason) => onResync(reason)), [connection]);
}
