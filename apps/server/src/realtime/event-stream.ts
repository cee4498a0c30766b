import { type RealtimeEvent } from '@beseda/protocol';
import { type WebSocket } from 'ws';
import { type StreamBuffer } from './stream-buffer.js';

const BUFFER_FLUSH_MS = 50;

/**
 * An event's JSON, made once however many streams deliver it: the gateway hands the same event
 * object to every recipient's stream, and only the seq differs between their frames.
 */
const eventJson = new WeakMap<RealtimeEvent, string>();
function serialize(event: RealtimeEvent): string {
  let json = eventJson.get(event);
  if (json === undefined) {
    json = JSON.stringify(event);
    eventJson.set(event, json);
  }
  return json;
}

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
  /** Frames not yet in the shared buffer; written in batches, one store call per batch. */
  private unbuffered: string[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    readonly userId: string,
    public sessionId: string,
    public seq: number,
    private readonly buffer: StreamBuffer,
  ) {}

  deliver(event: RealtimeEvent) {
    this.seq += 1;
    // Same text as JSON.stringify({ type: 'event', seq, event }), without serialising the event per recipient.
    const frame = `{"type":"event","seq":${this.seq},"event":${serialize(event)}}`;
    this.unbuffered.push(frame);
    this.flushTimer ??= setTimeout(() => this.flush(), BUFFER_FLUSH_MS).unref();
    this.send(frame);
  }

  /**
   * Moves the frames delivered so far into the shared buffer. Batched: a busy room would otherwise
   * cost one store round trip per event per member. Writes are chained, so the buffer keeps seq
   * order. A node killed between batches loses at most the last batch from the buffer; the
   * client then gets a resync, never a silent gap.
   */
  private flush() {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.unbuffered.length === 0) return;
    const frames = this.unbuffered;
    this.unbuffered = [];
    this.pending = this.pending.then(() => this.buffer.append(this.id, frames)).catch(() => undefined);
  }

  send(frame: string) {
    if (this.socket?.readyState === this.socket?.OPEN) this.socket?.send(frame);
  }

  /** Resolves when every event delivered so far is in the shared buffer (before a hand-over). */
  flushed(): Promise<void> {
    this.flush();
    return this.pending;
  }
}
