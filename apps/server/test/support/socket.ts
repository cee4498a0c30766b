import { type ServerFrame } from '@beseda/protocol';
import { vi } from 'vitest';
import WebSocket from 'ws';
import { type TestServer } from './test-server.js';

export interface TestSocket {
  ws: WebSocket;
  frames: ServerFrame[];
  closed: Promise<{ code: number; reason: string }>;
  send(frame: unknown): void;
  /** Waits for a frame matching the predicate (already received or arriving) and returns it. */
  next<T extends ServerFrame>(predicate: (frame: ServerFrame) => frame is T): Promise<T>;
  next(predicate: (frame: ServerFrame) => boolean): Promise<ServerFrame>;
  close(): Promise<void>;
}

/** Opens a socket to /api/v1/ws; sends the auth frame when a token is given. */
export async function openSocket(
  server: TestServer,
  auth?: { token: string; resume?: { streamId: string; lastSeq: number } },
): Promise<TestSocket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/ws`);
  const frames: ServerFrame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as ServerFrame));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const socket: TestSocket = {
    ws,
    frames,
    closed,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next: (predicate: (frame: ServerFrame) => boolean) =>
      vi.waitFor(
        () => {
          const found = frames.find(predicate);
          if (!found) throw new Error(`no matching frame among ${JSON.stringify(frames)}`);
          return found;
        },
        { timeout: 10_000, interval: 10 },
      ),
    async close() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
      await closed;
    },
  } as TestSocket;
  if (auth) socket.send({ type: 'auth', token: auth.token, ...(auth.resume ? { resume: auth.resume } : {}) });
  return socket;
}

export const isHello = (frame: ServerFrame): frame is Extract<ServerFrame, { type: 'hello' }> =>
  frame.type === 'hello';
export const isEvent = (frame: ServerFrame): frame is Extract<ServerFrame, { type: 'event' }> =>
  frame.type === 'event';
