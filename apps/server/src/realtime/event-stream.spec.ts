import { type RealtimeEvent } from '@beseda/protocol';
import { describe, expect, it } from 'vitest';
import { type WebSocket } from 'ws';
import { EventStream } from './event-stream.js';
import { type StreamBuffer } from './stream-buffer.js';

const typing = (userId: string) =>
  ({
    type: 'typing',
    data: { chatId: '0190e7a0-0000-7000-8000-000000000001', userId },
  }) as unknown as RealtimeEvent;

function streamWithSocket(id: string, seq: number, capacity?: number) {
  const appended: string[] = [];
  const buffer = { append: async (_id: string, frames: string[]) => void appended.push(...frames) };
  const sent: string[] = [];
  const stream = new EventStream(id, 'user', 'session', seq, buffer as unknown as StreamBuffer, capacity);
  stream.socket = {
    OPEN: 1,
    readyState: 1,
    send: (frame: string) => sent.push(frame),
  } as unknown as WebSocket;
  return { stream, sent, appended };
}

describe('EventStream', () => {
  it('sends each recipient the same frame JSON.stringify would make, with its own seq', () => {
    const first = streamWithSocket('s0', 0);
    const second = streamWithSocket('s1', 10);
    const event = typing('u "quoted" \u2028');
    first.stream.deliver(event);
    second.stream.deliver(event);
    first.stream.deliver(event);
    expect(first.sent).toEqual([
      JSON.stringify({ type: 'event', seq: 1, event }),
      JSON.stringify({ type: 'event', seq: 2, event }),
    ]);
    expect(second.sent).toEqual([JSON.stringify({ type: 'event', seq: 11, event })]);
  });

  it('replays what came after a seq, and nothing when the client is further back than it remembers', () => {
    const { stream, sent } = streamWithSocket('s', 100, 3);
    for (const user of ['a', 'b', 'c', 'd', 'e']) stream.deliver(typing(user));
    // Remembers 103..105; the client that saw 102 gets all three, one that saw 101 cannot resume.
    expect(stream.framesAfter(102)).toEqual(sent.slice(2));
    expect(stream.framesAfter(104)).toEqual(sent.slice(4));
    expect(stream.framesAfter(105)).toEqual([]);
    expect(stream.framesAfter(101)).toBeNull();
    expect(stream.framesAfter(106)).toBeNull();
  });

  it('writes what it remembers to the shared buffer when handed over, in seq order', async () => {
    const { stream, sent, appended } = streamWithSocket('s', 0, 2);
    for (const user of ['a', 'b', 'c']) stream.deliver(typing(user));
    expect(appended).toEqual([]);
    await stream.handOver();
    expect(appended).toEqual(sent.slice(1));
  });
});
