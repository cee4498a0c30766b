import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { type Duplex } from 'node:stream';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  type ClientFrame,
  ClientFrameSchema,
  CloseCode,
  ErrorCode,
  type ServerFrame,
} from '@beseda/protocol';
import { type Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { AppError } from '../common/errors/app-error.js';
import { Bus } from '../infra/bus/bus.js';
import { LOGGER } from '../infra/infra.module.js';
import { type Principal } from '../modules/auth/guard/principal.js';
import { serverVersion } from '../version.js';
import { ConnectionAuth } from './connection-auth.js';
import { EventStream } from './event-stream.js';
import { RealtimeCommands } from './realtime-commands.js';
import { USER_EVENTS_CHANNEL, type UserEventsMessage } from './realtime-fanout.js';
import { StreamResumer } from './stream-resumer.js';
import { StreamRegistry } from './stream-registry.js';

export const WS_PATH = '/api/v1/ws';
export const HEARTBEAT_INTERVAL_MS = 25_000;
const AUTH_TIMEOUT_MS = 5_000;
const MAX_FRAME_BYTES = 64 * 1024;
/** A client slower than this many bytes behind is dropped; it resumes from the buffer. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Frames per second a client may send, with bursts up to FRAME_BURST. */
const FRAME_RATE = 20;
const FRAME_BURST = 60;

interface SocketState {
  alive: boolean;
  stream?: EventStream;
  principal?: Principal;
  tokens: number;
  lastRefill: number;
}

/**
 * The WebSocket endpoint. Authenticates the first frame, attaches the socket to an event stream
 * (new, or resumed from the shared buffer), delivers user events from the bus, answers requests,
 * and keeps connections honest with heartbeats, token expiry and session revocation.
 */
@Injectable()
export class RealtimeGateway implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly states = new WeakMap<WebSocket, SocketState>();
  private heartbeat: NodeJS.Timeout | undefined;
  private unsubscribe: Array<() => Promise<void>> = [];

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly bus: Bus,
    private readonly auth: ConnectionAuth,
    private readonly registry: StreamRegistry,
    private readonly resumer: StreamResumer,
    private readonly commands: RealtimeCommands,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap() {
    const httpServer = this.adapterHost.httpAdapter.getHttpServer() as import('node:http').Server;
    httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://x').pathname !== WS_PATH) {
        socket.destroy();
        return;
      }
      this.server.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws));
    });
    this.unsubscribe.push(
      await this.bus.subscribe(USER_EVENTS_CHANNEL, (message) =>
        this.onUserEvents(JSON.parse(message) as UserEventsMessage),
      ),
      await this.auth.onSessionsRevoked((sessionIds) => this.closeSessions(sessionIds)),
      await this.resumer.serveTakeovers(),
    );
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_INTERVAL_MS).unref();
  }

  /** Before the HTTP server stops: tell clients to reconnect elsewhere, and hand streams over by expiry. */
  async onModuleDestroy() {
    clearInterval(this.heartbeat);
    for (const ws of this.server.clients) ws.close(CloseCode.goingAway, 'server shutting down');
    await Promise.all(this.unsubscribe.map((unsubscribe) => unsubscribe().catch(() => undefined)));
    this.registry.stop();
  }

  onApplicationShutdown() {
    for (const ws of this.server.clients) ws.terminate();
    this.server.close();
  }

  private onConnection(ws: WebSocket) {
    const state: SocketState = { alive: true, tokens: FRAME_BURST, lastRefill: Date.now() };
    this.states.set(ws, state);
    const authTimer = setTimeout(() => {
      if (!state.principal) ws.close(CloseCode.authTimeout, 'no auth frame');
    }, AUTH_TIMEOUT_MS);
    ws.on('pong', () => (state.alive = true));
    ws.on('message', (data, isBinary) => {
      if (!this.takeToken(state)) {
        ws.close(CloseCode.rateLimited, 'too many frames');
        return;
      }
      let frame: ClientFrame;
      try {
        if (isBinary) throw new Error('binary');
        frame = ClientFrameSchema.parse(JSON.parse(data.toString('utf8')));
      } catch {
        ws.close(CloseCode.badFrame, 'not a protocol frame');
        return;
      }
      void this.onFrame(ws, state, frame).catch((error: unknown) => {
        this.logger.error({ err: error }, 'realtime frame failed');
        ws.close(1011, 'internal error');
      });
    });
    ws.on('close', () => {
      clearTimeout(authTimer);
      if (state.stream) this.registry.detach(state.stream, ws);
    });
    ws.on('error', () => ws.terminate());
  }

  private async onFrame(ws: WebSocket, state: SocketState, frame: ClientFrame) {
    if (!state.principal && frame.type !== 'auth') {
      ws.close(CloseCode.authFailed, 'authenticate first');
      return;
    }
    switch (frame.type) {
      case 'auth':
        return this.authenticate(ws, state, frame);
      case 'reauth':
        return this.reauthenticate(ws, state, frame.token);
      case 'ping':
        return send(ws, { type: 'pong' });
      case 'request':
        return this.request(ws, state, frame);
    }
  }

  private async authenticate(
    ws: WebSocket,
    state: SocketState,
    frame: Extract<ClientFrame, { type: 'auth' }>,
  ) {
    if (state.principal) {
      ws.close(CloseCode.badFrame, 'already authenticated');
      return;
    }
    const verified = await this.auth.verify(frame.token);
    if (!verified) {
      ws.close(CloseCode.authFailed, 'invalid or expired access token');
      return;
    }
    if (ws.readyState !== WebSocket.OPEN) return;
    state.principal = verified.principal;
    const connectionId = randomUUID();

    const resumed = frame.resume ? await this.resumer.resume(frame.resume, verified.principal) : undefined;
    const stream =
      resumed && 'stream' in resumed
        ? resumed.stream
        : await this.registry.create(randomUUID(), verified.principal.userId, verified.principal.sessionId);
    state.stream = stream;
    this.registry.attach(stream, ws, connectionId, verified.expiresAt);
    send(ws, {
      type: 'hello',
      connectionId,
      streamId: stream.id,
      serverVersion,
      heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
      resumed: Boolean(resumed && 'stream' in resumed),
      seq: resumed && 'stream' in resumed ? resumed.fromSeq : stream.seq,
    });
    if (resumed && 'stream' in resumed) {
      for (const replayed of resumed.replay) ws.send(replayed);
    } else if (resumed) {
      send(ws, { type: 'resync', reason: resumed.reason });
    }
  }

  private async reauthenticate(ws: WebSocket, state: SocketState, token: string) {
    const verified = await this.auth.verify(token);
    const current = state.principal!;
    if (
      !verified ||
      verified.principal.userId !== current.userId ||
      verified.principal.sessionId !== current.sessionId
    ) {
      ws.close(CloseCode.authFailed, 'invalid access token');
      return;
    }
    state.principal = verified.principal;
    if (state.stream) state.stream.tokenExpiresAt = verified.expiresAt;
  }

  private async request(ws: WebSocket, state: SocketState, frame: Extract<ClientFrame, { type: 'request' }>) {
    const command = this.commands.get(frame.method);
    const reply = (frameOut: ServerFrame) => send(ws, frameOut);
    if (!command) {
      return reply({
        type: 'response',
        id: frame.id,
        ok: false,
        error: { code: ErrorCode.routeNotFound, message: `Unknown method ${frame.method}` },
      });
    }
    const params = command.params.safeParse(frame.params);
    if (!params.success) {
      return reply({
        type: 'response',
        id: frame.id,
        ok: false,
        error: {
          code: ErrorCode.validationFailed,
          message: params.error.issues.map((i) => i.message).join('; '),
        },
      });
    }
    try {
      const data = await command.handle(params.data, {
        principal: state.principal!,
        connectionId: state.stream?.connectionId ?? '',
      });
      reply({ type: 'response', id: frame.id, ok: true, data });
    } catch (error) {
      if (!(error instanceof AppError))
        this.logger.error({ err: error, method: frame.method }, 'realtime request failed');
      const { code, message } =
        error instanceof AppError ? error : { code: ErrorCode.internal, message: 'Internal server error' };
      reply({ type: 'response', id: frame.id, ok: false, error: { code, message } });
    }
  }

  private onUserEvents({ userIds, event, exceptConnectionId }: UserEventsMessage) {
    for (const userId of userIds) {
      for (const stream of this.registry.streamsOf(userId)) {
        if (exceptConnectionId && stream.connectionId === exceptConnectionId) continue;
        stream.deliver(event);
        const socket = stream.socket;
        if (socket && socket.bufferedAmount > MAX_BUFFERED_BYTES)
          socket.close(1013, 'too far behind; resume');
      }
    }
  }

  private closeSessions(sessionIds: string[]) {
    for (const stream of this.registry.streamsOfSessions(sessionIds)) {
      stream.socket?.close(CloseCode.sessionRevoked, 'session signed out');
      this.registry.drop(stream);
    }
  }

  /** Ping every socket; one that did not answer the previous ping, or whose token expired, is closed. */
  private beat() {
    const now = Date.now();
    for (const ws of this.server.clients) {
      const state = this.states.get(ws);
      if (!state) continue;
      if (!state.alive) {
        ws.terminate();
        continue;
      }
      if (state.stream && state.stream.tokenExpiresAt < now) {
        ws.close(CloseCode.authFailed, 'access token expired');
        continue;
      }
      state.alive = false;
      ws.ping();
    }
  }

  private takeToken(state: SocketState): boolean {
    const now = Date.now();
    state.tokens = Math.min(FRAME_BURST, state.tokens + ((now - state.lastRefill) / 1000) * FRAME_RATE);
    state.lastRefill = now;
    if (state.tokens < 1) return false;
    state.tokens -= 1;
    return true;
  }
}

function send(ws: WebSocket, frame: ServerFrame) {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}
