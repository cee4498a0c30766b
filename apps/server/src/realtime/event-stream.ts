import { type RealtimeEvent } from '@beseda/protocol';
import { type WebSocket } from 'ws';
import { type StreamBuffer } from './stream-buffer.js';

/**
 * One client's ordered event stream on the node that owns it. A socket is attached while the
 * client is connected; between a disconnect and the grace deadline the stream keeps numbering
 * and buffering events so the client can resume without a gap.
 */
export class EventStream {
  socket: WebSocket | undefined;
  connectionId: string | undefined;
  /** When the attached socket's access token expires (ms since epoch). */
  tokenExpiresAt = 0;
  graceTimer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly userId: string,
    public sessionId: string,
    public seq: number,
    private readonly buffer: StreamBuffer,
  ) {}

  deliver(event: RealtimeEvent) {
    this.seq += 1;
    const frame = JSON.stringify({ type: 'event', seq: this.seq, event });
    // Appends are chained so the buffer holds events in seq order even over an async store.
    this.pending = this.pending.then(() => this.buffer.append(this.id, frame)).catch(() => undefined);
    this.send(frame);
  }

  send(frame: string) {
    if (this.socket?.readyState === this.socket?.OPEN) this.socket?.send(frame);
  }

  /** Resolves when every event delivered so far is in the shared buffer (before a hand-over). */
  flushed(): Promise<void> {
    return this.pending;
  }
}
