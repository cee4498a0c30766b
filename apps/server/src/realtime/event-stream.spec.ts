import { type RealtimeEvent } from '@beseda/protocol';
import { describe, expect, it } from 'vitest';
import { type WebSocket } from 'ws';
import { EventStream } from './event-stream.js';
import { type StreamBuffer } from './stream-buffer.js';

describe('EventStream', () => {
  it('sends each recipient the same frame JSON.stringify would make, with its own seq', async () => {
    const appended: string[] = [];
    const buffer = { append: async (_id: string, frames: string[]) => void appended.push(...frames) };
    const sent: string[][] = [[], []];
    const streams = [0, 1].map((i) => {
      const stream = new EventStream(`s${i}`, `u${i}`, 'session', i * 10, buffer as unknown as StreamBuffer);
      stream.socket = {
        OPEN: 1,
        readyState: 1,
        send: (frame: string) => sent[i]!.push(frame),
      } as unknown as WebSocket;
      return stream;
    });
    const event = {
      type: 'typing',
      data: { chatId: '0190e7a0-0000-7000-8000-000000000001', userId: 'u "quoted" \u2028' },
    } as unknown as RealtimeEvent;
    for (const stream of streams) stream.deliver(event);
    streams[0]!.deliver(event);
    expect(sent[0]).toEqual([
      JSON.stringify({ type: 'event', seq: 1, event }),
      JSON.stringify({ type: 'event', seq: 2, event }),
    ]);
    expect(sent[1]).toEqual([JSON.stringify({ type: 'event', seq: 11, event })]);
    await Promise.all(streams.map((stream) => stream.flushed()));
    expect(appended).toEqual([...sent[0]!, ...sent[1]!]);
  });
});
