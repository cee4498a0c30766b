import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Bus } from '../infra/bus/bus.js';
import { type Principal } from '../modules/auth/guard/principal.js';
import { type EventStream } from './event-stream.js';
import { StreamBuffer } from './stream-buffer.js';
import { StreamRegistry } from './stream-registry.js';

const HANDOVER_TIMEOUT_MS = 2_000;

type NodeMessage =
  | { type: 'handover'; streamId: string; replyTo: string; nonce: string }
  | { type: 'handover-done'; nonce: string };

export type ResumeResult =
  | { stream: EventStream; replay: string[]; fromSeq: number }
  | { reason: 'expired' | 'not_yours' | 'owner_unreachable' | 'gap' };

/**
 * Resumes a client's stream after a reconnect, on this node or another. The owning node keeps
 * numbering and remembering events while the client is away; resuming there replays from its
 * memory, and a resuming node elsewhere asks the owner to hand the stream over (write what it
 * remembers to the shared buffer and stop), then replays from that buffer. When the owner is
 * gone or the client is further back than what is remembered, the client is told to resync.
 */
@Injectable()
export class StreamResumer {
  private readonly waiting = new Map<string, () => void>();

  constructor(
    private readonly bus: Bus,
    private readonly buffer: StreamBuffer,
    private readonly registry: StreamRegistry,
  ) {}

  /** Answers hand-over requests addressed to this node; returns the unsubscribe function. */
  serveTakeovers() {
    return this.bus.subscribe(
      `rt.node.${this.registry.nodeId}`,
      (raw) => void this.onNodeMessage(JSON.parse(raw) as NodeMessage).catch(() => undefined),
    );
  }

  async resume(
    { streamId, lastSeq }: { streamId: string; lastSeq: number },
    principal: Principal,
  ): Promise<ResumeResult> {
    const local = this.registry.get(streamId);
    if (local) {
      // Owned here: what the client missed is in this node's memory.
      if (local.userId !== principal.userId) return { reason: 'not_yours' };
      const replay = local.framesAfter(lastSeq);
      if (!replay) {
        this.registry.drop(local);
        return { reason: 'gap' };
      }
      local.sessionId = principal.sessionId;
      return { stream: local, replay, fromSeq: lastSeq };
    }
    const owner = await this.buffer.owner(streamId);
    if (!owner) return { reason: 'expired' };
    if (owner.userId !== principal.userId) return { reason: 'not_yours' };
    if (owner.nodeId !== this.registry.nodeId && !(await this.requestHandover(owner.nodeId, streamId))) {
      return { reason: 'owner_unreachable' };
    }

    // The previous owner wrote what it remembered to the shared buffer before answering.
    const frames = (await this.buffer.frames(streamId)).map((raw) => ({
      raw,
      seq: (JSON.parse(raw) as { seq: number }).seq,
    }));
    const lastBuffered = frames.at(-1)?.seq ?? 0;
    const missed = frames.filter((frame) => frame.seq > lastSeq);
    if (lastSeq > lastBuffered || (missed.length > 0 && missed[0]!.seq !== lastSeq + 1)) {
      return { reason: 'gap' };
    }
    const stream = await this.registry.create(streamId, principal.userId, principal.sessionId, lastBuffered);
    return { stream, replay: missed.map((frame) => frame.raw), fromSeq: lastSeq };
  }

  private async requestHandover(nodeId: string, streamId: string): Promise<boolean> {
    const nonce = randomUUID();
    const done = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(nonce);
        resolve(false);
      }, HANDOVER_TIMEOUT_MS);
      this.waiting.set(nonce, () => {
        clearTimeout(timer);
        this.waiting.delete(nonce);
        resolve(true);
      });
    });
    const message: NodeMessage = { type: 'handover', streamId, replyTo: this.registry.nodeId, nonce };
    await this.bus.publish(`rt.node.${nodeId}`, JSON.stringify(message));
    return done;
  }

  private async onNodeMessage(message: NodeMessage) {
    if (message.type === 'handover-done') {
      this.waiting.get(message.nonce)?.();
      return;
    }
    const stream = this.registry.get(message.streamId);
    if (stream) {
      stream.socket?.close(4000, 'resumed elsewhere');
      this.registry.drop(stream, { release: false });
      await stream.handOver();
    }
    const reply: NodeMessage = { type: 'handover-done', nonce: message.nonce };
    await this.bus.publish(`rt.node.${message.replyTo}`, JSON.stringify(reply));
  }
}
