import { type ServerFrame } from '@beseda/protocol';

/** Codes of failures the client detects itself; server failures carry the REST error codes. */
export const RealtimeErrorCode = {
  /** The request was made while there was no live connection. */
  offline: 'realtime.offline',
  /** The connection dropped before the response arrived; the request may or may not have run. */
  disconnected: 'realtime.disconnected',
} as const;

/** A request over the socket that failed: `code` is the server's error code or a RealtimeErrorCode. */
export class RealtimeRequestError extends Error {
  override readonly name = 'RealtimeRequestError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function isRealtimeRequestError(error: unknown): error is RealtimeRequestError {
  return error instanceof RealtimeRequestError;
}

type ResponseFrame = Extract<ServerFrame, { type: 'response' }>;

interface Pending {
  resolve: (data: unknown) => void;
  reject: (error: RealtimeRequestError) => void;
}

/** Requests awaiting their one response, by the id the client gave them. */
export class PendingRequests {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  /** Registers a request and returns its id with the promise its response will settle. */
  open(): { id: string; response: Promise<unknown> } {
    this.counter += 1;
    const id = `r${this.counter}`;
    const response = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    return { id, response };
  }

  settle(frame: ResponseFrame): void {
    const pending = this.pending.get(frame.id);
    if (!pending) return;
    this.pending.delete(frame.id);
    if (frame.ok) pending.resolve(frame.data);
    else {
      const { code, message } = frame.error ?? { code: 'unknown', message: 'Request failed' };
      pending.reject(new RealtimeRequestError(code, message));
    }
  }

  rejectAll(code: string, message: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of pending) reject(new RealtimeRequestError(code, message));
  }
}
