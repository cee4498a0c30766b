import { type RealtimeEvent } from '@beseda/protocol';

export type RealtimeEventType = RealtimeEvent['type'];
export type RealtimeEventOf<T extends RealtimeEventType> = Extract<RealtimeEvent, { type: T }>;
export type RealtimeEventHandler<T extends RealtimeEventType> = (
  data: RealtimeEventOf<T>['data'],
  event: RealtimeEventOf<T>,
) => void;

type AnyHandler = (data: unknown, event: RealtimeEvent) => void;

/**
 * Routes each server event to the handlers registered for its type: a map from type to handler
 * set, so a new event type is one more schema in the protocol union and one more `on` call in
 * the feature that cares, never a branch in a central switch.
 */
export class EventDispatcher {
  private readonly handlers = new Map<RealtimeEventType, Set<AnyHandler>>();

  on<T extends RealtimeEventType>(type: T, handler: RealtimeEventHandler<T>): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    // Wrapped so the same function registered twice is two registrations with two unsubscribes.
    const registered: AnyHandler = (data, event) => handler(data as never, event as RealtimeEventOf<T>);
    set.add(registered);
    return () => {
      set.delete(registered);
    };
  }

  dispatch(event: RealtimeEvent): void {
    for (const handler of [...(this.handlers.get(event.type) ?? [])]) {
      callSafely(() => handler(event.data, event));
    }
  }
}

/**
 * Runs a subscriber's callback so that its exception reaches the page's error reporting without
 * stopping the other subscribers or the connection that is delivering.
 */
export function callSafely(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    // reportError raises the page's `error` event (and so the client error reporter) without unwinding.
    if (typeof reportError === 'function') reportError(error);
    else console.error(error);
  }
}
