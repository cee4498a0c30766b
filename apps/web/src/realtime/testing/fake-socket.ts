import { type ClientFrame, type ServerFrame } from '@beseda/protocol';
import { vi } from 'vitest';
import { type RealtimeAuth, type RealtimeSocket } from '../connection';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/**
 * A WebSocket stand-in that plays the server's part on command: `accept()` opens it, `receive()`
 * delivers a frame, `drop()` closes it from the server side. Frames the client sent are in `sent`.
 */
export class FakeSocket implements RealtimeSocket {
  readyState = CONNECTING;
  readonly sent: ClientFrame[] = [];
  /** Set when the client closed the socket itself. */
  closedByClient: { code: number | undefined; reason: string | undefined } | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== OPEN) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as ClientFrame);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.closedByClient = { code, reason };
    // A browser reports the close later, once the closing handshake is over.
    queueMicrotask(() => this.onclose?.(new CloseEvent('close', { code: code ?? 1005, reason })));
  }

  accept(): void {
    this.readyState = OPEN;
    this.onopen?.(new Event('open'));
  }

  receive(frame: ServerFrame | string): void {
    const data = typeof frame === 'string' ? frame : JSON.stringify(frame);
    this.onmessage?.(new MessageEvent('message', { data }));
  }

  drop(code: number, reason = ''): void {
    this.readyState = CLOSED;
    if (code === 1006) this.onerror?.(new Event('error'));
    this.onclose?.(new CloseEvent('close', { code, reason }));
  }

  /** The frames of one type the client sent, oldest first. */
  sentOf<T extends ClientFrame['type']>(type: T): Extract<ClientFrame, { type: T }>[] {
    return this.sent.filter((frame): frame is Extract<ClientFrame, { type: T }> => frame.type === type);
  }
}

/** Every socket a connection opened, newest last. */
export function fakeSockets() {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    create: (url: string) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    latest: (): FakeSocket => {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket was opened');
      return socket;
    },
  };
}

/** A session layer in memory: a token with an expiry, renewals on demand, a sign-out spy. */
export function fakeSession({ token = 'token-1', lifetimeMs = 600_000 } = {}) {
  let accessToken: string | null = token;
  let expiresAt = Date.now() + lifetimeMs;
  let renewals = 0;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());

  const renew = (next = `token-${(renewals += 1) + 1}`) => {
    accessToken = next;
    expiresAt = Date.now() + lifetimeMs;
    notify();
  };
  const auth = {
    accessToken: () => accessToken,
    expiresAt: () => expiresAt,
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    refresh: vi.fn(async () => {
      renew();
      return true;
    }),
    signOut: vi.fn(async () => {
      accessToken = null;
      notify();
    }),
  } satisfies RealtimeAuth;
  return { auth, renew };
}

export const STREAM_ID = '5d1c1b9e-2f0a-4c55-9a4e-0b6f7c3d2e1a';
export const CONNECTION_ID = '8a3f6c1d-7b2e-4f90-a1c4-3e5d7f9b0c2d';

export function hello(overrides: Partial<Extract<ServerFrame, { type: 'hello' }>> = {}): ServerFrame {
  return {
    type: 'hello',
    connectionId: CONNECTION_ID,
    streamId: STREAM_ID,
    serverVersion: '0.1.0',
    heartbeatIntervalMs: 25_000,
    resumed: false,
    seq: 0,
    ...overrides,
  };
}
