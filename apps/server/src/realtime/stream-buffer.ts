import { Injectable } from '@nestjs/common';
import { KeyValueStore } from '../infra/bus/bus.js';

/** Events a stream remembers for replay after a reconnect. */
export const STREAM_BUFFER_LENGTH = 500;
/** How long a stream outlives its connection, buffering, waiting for the client to come back. */
export const STREAM_GRACE_MS = 60_000;
/** How long the owner's claim lasts without renewal; a killed node's claims lapse after this. */
export const STREAM_OWNER_TTL_MS = 15_000;

export interface StreamOwner {
  userId: string;
  nodeId: string;
}

/**
 * Ownership of event streams, and the frames a stream's owner hands over, in the shared store so
 * a client can resume on any node. The owner writes its remembered frames here only when another
 * node takes the stream over; a later owner appends after them, so the list stays in seq order.
 */
@Injectable()
export class StreamBuffer {
  constructor(private readonly store: KeyValueStore) {}

  async append(streamId: string, frames: string[]): Promise<void> {
    await this.store.append(`rt:stream:${streamId}:events`, frames, {
      maxLength: STREAM_BUFFER_LENGTH,
      ttlMs: STREAM_GRACE_MS + STREAM_OWNER_TTL_MS,
    });
  }

  async frames(streamId: string): Promise<string[]> {
    return this.store.list(`rt:stream:${streamId}:events`);
  }

  async claim(streamId: string, owner: StreamOwner): Promise<void> {
    await this.store.set(`rt:stream:${streamId}:owner`, JSON.stringify(owner), {
      ttlMs: STREAM_OWNER_TTL_MS,
    });
  }

  async owner(streamId: string): Promise<StreamOwner | null> {
    const raw = await this.store.get(`rt:stream:${streamId}:owner`);
    return raw ? (JSON.parse(raw) as StreamOwner) : null;
  }

  async release(streamId: string): Promise<void> {
    await this.store.delete(`rt:stream:${streamId}:owner`);
  }
}
