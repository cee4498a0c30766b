import { type RealtimeEvent } from '@beseda/protocol';
import { type WebSocket } from 'ws';
import { STREAM_BUFFER_LENGTH, type StreamBuffer } from './stream-buffer.js';

/**
 * An event's JSON, made once however many streams deliver it: the gateway hands the same event
 * object to every recipient's stream, and only the seq differs between their frames. The
 * streams' replay rings hold these shared strings, not a copy each.
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

/** Sockets whose writes are held back until the event loop's next turn. */
const held = new Set<{ uncork(): void }>();
let releaseScheduled = false;

/**
 * Frames sent to one socket in the same turn of the event loop (several events that arrived in
 * one read from the bus, say) leave in one system call instead of one each: the socket is corked
 * until the turn ends. Busy rooms are bound by these writes, not by the work before them.
 */
function holdUntilNextTurn(socket: WebSocket) {
  const raw = (socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
  if (!raw || held.has(raw)) return;
  raw.cork();
  held.add(raw);
  if (releaseScheduled) return;
  releaseScheduled = true;
  setImmediate(() => {
    releaseScheduled = false;
    for (const corked of held) corked.uncork();
    held.clear();
  });
}

/** Same text as JSON.stringify({ type: 'event', seq, event }), without serialising the event again. */
const frameOf = (seq: number, json: string) => `{"type":"event","seq":${seq},"event":${json}}`;

/**
 * One client's ordered event stream on the node that owns it. A socket is attached while the
 * client is connected; between a disconnect and the grace deadline the stream keeps numbering
 * events and remembering the last ones, so the client can resume without a gap.
 *
 * The remembered events stay in this node's memory: resuming here reads them directly, and a
 * resume on another node asks this one to hand the stream over, which writes them to the shared
 * buffer first. Nothing is written to the store per event; if this node dies, so does the
 * stream, and the client resyncs from history (it could not be handed over anyway).
 */
export class EventStream {
  socket: WebSocket | undefined;
  connectionId: string | undefined;
  /** When the attached socket's access token expires (ms since epoch). */
  tokenExpiresAt = 0;
  graceTimer: NodeJS.Timeout | undefined;
  /** The JSON of the last events, oldest first, as a ring: `ring[(head + i) % length]`. */
  private ring: string[] = [];
  private head = 0;

  constructor(
    readonly id: string,
    readonly userId: string,
    public sessionId: string,
    public seq: number,
    private readonly buffer: StreamBuffer,
    private readonly capacity = STREAM_BUFFER_LENGTH,
  ) {}

  deliver(event: RealtimeEvent) {
    this.seq += 1;
    const json = serialize(event);
    if (this.ring.length < this.capacity) this.ring.push(json);
    else {
      this.ring[this.head] = json;
      this.head = (this.head + 1) % this.capacity;
    }
    this.send(frameOf(this.seq, json));
  }

  send(frame: string) {
    const socket = this.socket;
    if (socket?.readyState !== socket?.OPEN || !socket) return;
    holdUntilNextTurn(socket);
    socket.send(frame);
  }

  /**
   * The frames after `lastSeq`, to replay on a resume; null when the client is further back than
   * what is remembered (or claims to be ahead), and must resync instead.
   */
  framesAfter(lastSeq: number): string[] | null {
    const oldest = this.seq - this.ring.length + 1;
    if (lastSeq > this.seq || lastSeq < oldest - 1) return null;
    return this.remembered().slice(lastSeq - oldest + 1);
  }

  /** Writes the remembered frames to the shared buffer, for the node taking the stream over. */
  async handOver(): Promise<void> {
    const frames = this.remembered();
    if (frames.length > 0) await this.buffer.append(this.id, frames);
  }

  private remembered(): string[] {
    const oldest = this.seq - this.ring.length + 1;
    const ordered = [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
    return ordered.map((json, index) => frameOf(oldest + index, json));
  }
}
