import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type WebSocket } from 'ws';
import { EventStream } from './event-stream.js';
import { PresenceTracker } from './presence-tracker.js';
import { StreamBuffer, STREAM_GRACE_MS, STREAM_OWNER_TTL_MS } from './stream-buffer.js';

/** The event streams this node owns, by id, user and session, with their claims kept fresh. */
@Injectable()
export class StreamRegistry {
  /** Identifies this process to other nodes (stream ownership, hand-over requests). */
  readonly nodeId = randomUUID();
  private readonly streams = new Map<string, EventStream>();
  private readonly byUser = new Map<string, Set<EventStream>>();
  private readonly renewal: NodeJS.Timeout;

  constructor(
    private readonly buffer: StreamBuffer,
    private readonly presence: PresenceTracker,
  ) {
    this.renewal = setInterval(() => void this.renewClaims(), STREAM_OWNER_TTL_MS / 3).unref();
  }

  async create(id: string, userId: string, sessionId: string, seq = 0): Promise<EventStream> {
    const stream = new EventStream(id, userId, sessionId, seq, this.buffer);
    this.streams.set(id, stream);
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(stream);
    await this.buffer.claim(id, { userId, nodeId: this.nodeId });
    return stream;
  }

  get(id: string): EventStream | undefined {
    return this.streams.get(id);
  }

  attach(stream: EventStream, socket: WebSocket, connectionId: string, tokenExpiresAt: number) {
    clearTimeout(stream.graceTimer);
    stream.graceTimer = undefined;
    if (stream.socket && stream.socket !== socket) stream.socket.close(4000, 'resumed elsewhere');
    // A stream counts once for presence, however often its socket is replaced.
    else void this.presence.connected(stream.userId).catch(() => undefined);
    stream.socket = socket;
    stream.connectionId = connectionId;
    stream.tokenExpiresAt = tokenExpiresAt;
  }

  /** The socket is gone; the stream keeps buffering until the client resumes or the grace ends. */
  detach(stream: EventStream, socket: WebSocket) {
    if (stream.socket !== socket) return;
    stream.socket = undefined;
    void this.presence.disconnected(stream.userId).catch(() => undefined);
    stream.connectionId = undefined;
    stream.graceTimer = setTimeout(() => this.drop(stream), STREAM_GRACE_MS).unref();
  }

  /** Forgets a stream for good (grace over, session revoked, handed to another node). */
  drop(stream: EventStream, { release = true } = {}) {
    clearTimeout(stream.graceTimer);
    if (this.streams.get(stream.id) !== stream) return;
    this.streams.delete(stream.id);
    this.byUser.get(stream.userId)?.delete(stream);
    if (this.byUser.get(stream.userId)?.size === 0) this.byUser.delete(stream.userId);
    if (release) void this.buffer.release(stream.id).catch(() => undefined);
  }

  streamsOf(userId: string): Iterable<EventStream> {
    return this.byUser.get(userId) ?? [];
  }

  *streamsOfSessions(sessionIds: string[]): Iterable<EventStream> {
    const wanted = new Set(sessionIds);
    for (const stream of [...this.streams.values()]) if (wanted.has(stream.sessionId)) yield stream;
  }

  stop() {
    clearInterval(this.renewal);
    for (const stream of [...this.streams.values()]) clearTimeout(stream.graceTimer);
  }

  private async renewClaims() {
    await Promise.all(
      [...this.streams.values()].map((stream) =>
        this.buffer.claim(stream.id, { userId: stream.userId, nodeId: this.nodeId }).catch(() => undefined),
      ),
    );
  }
}
