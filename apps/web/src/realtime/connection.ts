import { type ClientFrame, CloseCode, type ServerFrame, ServerFrameSchema } from '@beseda/protocol';
import { type BackoffPolicy, backoffDelay, defaultBackoff } from './backoff';
import {
  callSafely,
  EventDispatcher,
  type RealtimeEventHandler,
  type RealtimeEventType,
} from './event-dispatcher';
import { PendingRequests, RealtimeErrorCode, RealtimeRequestError } from './pending-requests';
import { browserWakeups } from './wakeups';

export const REALTIME_PATH = '/api/v1/ws';

/** `connecting`: a socket is opening or authenticating; `offline`: none, a retry may be scheduled. */
export type RealtimeStatus = 'connecting' | 'online' | 'offline';

/** What the connection needs from the session layer. */
export interface RealtimeAuth {
  /** The current access token, or null when signed out. */
  accessToken(): string | null;
  /** When the current access token expires, in ms since the epoch (client clock). */
  expiresAt(): number;
  /** Calls the listener whenever the session changes (renewal, sign-out). */
  subscribe(listener: () => void): () => void;
  /** Renews the access token; true when a fresh one is in place. A refusal signs the session out. */
  refresh(): Promise<boolean>;
  /** Ends the session everywhere; the server already revoked it. */
  signOut(): Promise<void>;
}

/** The part of the browser WebSocket the connection uses; tests provide a fake. */
export interface RealtimeSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export interface RealtimeConnectionOptions {
  /** `ws(s)://host/api/v1/ws`; see realtimeUrl. Never carries the token. */
  url: string;
  auth: RealtimeAuth;
  createSocket?: (url: string) => RealtimeSocket;
  /** Jitter source in [0, 1). */
  random?: () => number;
  backoff?: BackoffPolicy;
  /** Renew the socket's token this long before it expires, if the session layer has not already. */
  reauthAheadMs?: number;
  /** A socket that has not said hello this long after it was created is given up. */
  helloTimeoutMs?: number;
  /** Calls `wake` when a retry should not wait for its timer (network back, tab visible). */
  wakeups?: (wake: () => void) => () => void;
}

const OPEN = 1;
const NORMAL_CLOSURE = 1000;
/** A heartbeat this many intervals overdue means the connection is dead, whatever TCP thinks. */
const MISSED_HEARTBEATS = 2;
/** Reauthentication is never scheduled closer than this, whatever lifetime the token has left. */
const MIN_REAUTH_DELAY_MS = 1_000;

/** The socket URL for a page at `location`: same host, `wss:` under HTTPS. */
export function realtimeUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${REALTIME_PATH}`;
}

type FrameHandlers = { [K in ServerFrame['type']]: (frame: Extract<ServerFrame, { type: K }>) => void };

/**
 * One tab's connection to the realtime gateway, with no framework dependency. It authenticates
 * with the first frame, keeps the event stream's id and the last seq it processed so a reconnect
 * resumes without a gap, checks liveness with heartbeats, keeps the socket's token fresh, and
 * reconnects with backoff. Subscribers get events by type, a resync signal when state must be
 * reloaded over REST, and the connection status.
 */
export class RealtimeConnection {
  private readonly url: string;
  private readonly auth: RealtimeAuth;
  private readonly createSocket: (url: string) => RealtimeSocket;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly reauthAheadMs: number;
  private readonly helloTimeoutMs: number;
  private readonly wakeups: (wake: () => void) => () => void;

  private readonly events = new EventDispatcher();
  private readonly requests = new PendingRequests();
  private readonly resyncListeners = new Set<(reason: string) => void>();
  private readonly statusListeners = new Set<() => void>();

  private running = false;
  private currentStatus: RealtimeStatus = 'offline';
  private socket: RealtimeSocket | null = null;
  private currentConnectionId: string | null = null;
  /** The token the gateway last accepted (or is checking) for the open socket. */
  private socketToken: string | null = null;
  private heartbeatMs = 0;

  private streamId: string | null = null;
  private lastSeq = 0;
  /** Whether the auth frame of the open socket asked to resume; if so, a failure comes as `resync`. */
  private resumeRequested = false;
  /** Set after the first hello: any later fresh stream means events may have been missed. */
  private hadStream = false;
  /** The lastSeq a gap was last recovered from by resuming; a second gap there is not retried. */
  private gapResumedFrom: number | null = null;
  private retryAttempt = 0;
  /** A 4001 was answered with a token renewal; another 4001 before hello is not. */
  private authRenewed = false;

  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private helloTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private watchdogTimer: ReturnType<typeof setTimeout> | undefined;
  private reauthTimer: ReturnType<typeof setTimeout> | undefined;
  private stopListening: Array<() => void> = [];

  private readonly frameHandlers: FrameHandlers = {
    hello: (frame) => this.onHello(frame),
    event: (frame) => this.onEvent(frame),
    response: (frame) => this.requests.settle(frame),
    resync: (frame) => this.signalResync(frame.reason),
    // Any frame proves the connection alive; a pong needs no more than that.
    pong: () => undefined,
  };

  constructor(options: RealtimeConnectionOptions) {
    this.url = options.url;
    this.auth = options.auth;
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? defaultBackoff;
    this.reauthAheadMs = options.reauthAheadMs ?? 30_000;
    this.helloTimeoutMs = options.helloTimeoutMs ?? 10_000;
    this.wakeups = options.wakeups ?? browserWakeups;
  }

  get status(): RealtimeStatus {
    return this.currentStatus;
  }

  /** The server's id for the live socket (for `X-Connection-Id`); null unless online. */
  get connectionId(): string | null {
    return this.currentConnectionId;
  }

  /** Connects and keeps connecting until stop(). Calling it again while running does nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopListening = [this.auth.subscribe(() => this.onSessionChange()), this.wakeups(() => this.wake())];
    this.connect();
  }

  /** Closes the socket and stops reconnecting. The stream position is kept for a later start(). */
  stop(): void {
    this.running = false;
    for (const stop of this.stopListening) stop();
    this.stopListening = [];
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.abandonSocket('stopped');
    this.setStatus('offline');
  }

  /** Calls the listener on every status change. */
  onStatusChange(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => {
      this.statusListeners.delete(listener);
    };
  }

  /** Calls the handler with each event of this type, in stream order. */
  on<T extends RealtimeEventType>(type: T, handler: RealtimeEventHandler<T>): () => void {
    return this.events.on(type, handler);
  }

  /**
   * Calls the handler when events were lost (the stream could not be resumed): whatever the
   * subscriber derives from events must be reloaded over REST.
   */
  onResync(handler: (reason: string) => void): () => void {
    this.resyncListeners.add(handler);
    return () => {
      this.resyncListeners.delete(handler);
    };
  }

  /**
   * Sends a request and resolves with the data of its one response; rejects with a
   * RealtimeRequestError carrying the server's code, or `realtime.offline` / `realtime.disconnected`.
   */
  request(method: string, params?: unknown): Promise<unknown>;
  request<T>(method: string, params: unknown, schema: { parse(data: unknown): T }): Promise<T>;
  async request<T>(method: string, params?: unknown, schema?: { parse(data: unknown): T }) {
    if (this.currentStatus !== 'online') {
      throw new RealtimeRequestError(RealtimeErrorCode.offline, 'No realtime connection');
    }
    const { id, response } = this.requests.open();
    this.send({ type: 'request', id, method, params: params ?? {} });
    const data = await response;
    return schema ? schema.parse(data) : data;
  }

  private connect() {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    // No token yet (or signed out): the session subscription calls back when one arrives.
    if (!this.running || this.socket || !this.auth.accessToken()) {
      if (!this.socket) this.setStatus('offline');
      return;
    }
    this.setStatus('connecting');
    const socket = this.createSocket(this.url);
    this.socket = socket;
    socket.onopen = () => this.authenticate(socket);
    socket.onmessage = (event) => this.receive(socket, event.data);
    socket.onclose = (event) => {
      if (socket === this.socket) this.onClosed(event.code);
    };
    // Every failure is followed by a close event, which decides what happens next.
    socket.onerror = () => undefined;
    this.helloTimer = setTimeout(() => this.reconnect('no hello in time'), this.helloTimeoutMs);
  }

  private authenticate(socket: RealtimeSocket) {
    if (socket !== this.socket) return;
    const token = this.auth.accessToken();
    if (!token) {
      this.abandonSocket('signed out');
      this.setStatus('offline');
      return;
    }
    const resume = this.streamId ? { streamId: this.streamId, lastSeq: this.lastSeq } : undefined;
    this.resumeRequested = resume !== undefined;
    this.socketToken = token;
    this.send(resume ? { type: 'auth', token, resume } : { type: 'auth', token });
  }

  private receive(socket: RealtimeSocket, raw: unknown) {
    if (socket !== this.socket) return;
    let json: unknown;
    try {
      json = JSON.parse(String(raw));
    } catch {
      console.warn('realtime: a frame that is not JSON was ignored');
      return;
    }
    if (this.heartbeatMs > 0) this.armWatchdog();
    const parsed = ServerFrameSchema.safeParse(json);
    if (!parsed.success) {
      this.skipUnreadable(json);
      return;
    }
    const frame = parsed.data;
    (this.frameHandlers[frame.type] as (frame: ServerFrame) => void)(frame);
  }

  private onHello(frame: Extract<ServerFrame, { type: 'hello' }>) {
    clearTimeout(this.helloTimer);
    // A stream we did not ask to resume replaces one we had: events may have been missed in
    // between. (When a requested resume fails, the server follows hello with `resync` itself.)
    const lostStream = this.hadStream && !frame.resumed && !this.resumeRequested;
    this.streamId = frame.streamId;
    this.lastSeq = frame.seq;
    this.hadStream = true;
    this.currentConnectionId = frame.connectionId;
    this.retryAttempt = 0;
    this.authRenewed = false;
    this.heartbeatMs = frame.heartbeatIntervalMs;
    this.heartbeatTimer = setInterval(() => this.send({ type: 'ping' }), this.heartbeatMs);
    this.armWatchdog();
    this.setStatus('online');
    // The session may have renewed the token while this socket was authenticating with the old one.
    if (this.auth.accessToken() !== this.socketToken) this.reauthenticate();
    else this.scheduleReauth();
    if (lostStream) this.signalResync('new_stream');
  }

  private onEvent(frame: Extract<ServerFrame, { type: 'event' }>) {
    if (frame.seq <= this.lastSeq) return;
    if (frame.seq !== this.lastSeq + 1) {
      if (this.gapResumedFrom !== this.lastSeq) {
        // Resuming from the last seq processed makes the server replay exactly the missing events.
        this.gapResumedFrom = this.lastSeq;
        this.reconnect('event gap', { immediately: true });
        return;
      }
      // Resuming did not close the gap either: take the event and have the state reloaded.
      this.signalResync('gap');
    }
    this.gapResumedFrom = null;
    this.lastSeq = frame.seq;
    this.events.dispatch(frame.event);
  }

  /**
   * A frame this client cannot read, likely from a newer server. An event still takes its seq,
   * or the next one would look like a gap and trigger a futile resume.
   */
  private skipUnreadable(json: unknown) {
    const frame = json as { type?: unknown; seq?: unknown } | null;
    if (frame?.type === 'event' && frame.seq === this.lastSeq + 1) this.lastSeq = frame.seq;
    console.warn('realtime: a frame this client does not understand was ignored', frame?.type);
  }

  private onClosed(code: number) {
    this.abandonSocket('closed');
    switch (code) {
      case CloseCode.sessionRevoked:
        this.stop();
        void this.auth.signOut();
        return;
      case CloseCode.authFailed:
        this.renewTokenAndReconnect();
        return;
      case 4000:
        // Another socket resumed this stream: let it have it, and start a stream of our own.
        this.streamId = null;
        this.lastSeq = 0;
        this.scheduleRetry();
        return;
      default:
        // 1001 going away, 1006 dropped, 1011 server error, 1013 too far behind, and the rest:
        // the stream waits in the server's buffer, so reconnect and resume.
        this.scheduleRetry();
    }
  }

  /**
   * The gateway refused the token (expired while the tab slept, or the clock was off). Renew it
   * once and reconnect; a second refusal in a row waits for the session to produce another token.
   * A renewal the server refuses signs the session out, which stops this connection.
   */
  private renewTokenAndReconnect() {
    if (this.authRenewed) {
      this.setStatus('offline');
      return;
    }
    this.authRenewed = true;
    this.setStatus('connecting');
    void this.auth.refresh().then(
      (renewed) => this.afterRenewal(renewed),
      () => this.afterRenewal(false),
    );
  }

  private afterRenewal(renewed: boolean) {
    // The session change may already have connected with the new token.
    if (!this.running || this.socket || this.retryTimer) return;
    if (renewed) this.connect();
    else this.scheduleRetry();
  }

  private onSessionChange() {
    if (!this.running) return;
    const token = this.auth.accessToken();
    if (!token) return;
    if (this.currentStatus === 'online') {
      if (token !== this.socketToken) this.reauthenticate();
    } else if (!this.socket && !this.retryTimer) {
      // Idle for want of a token (none at start, or the last one was refused): here is a new one.
      this.connect();
    }
  }

  private wake() {
    if (!this.running || this.socket) return;
    this.authRenewed = false;
    this.connect();
  }

  private reauthenticate() {
    const token = this.auth.accessToken();
    if (!token || this.currentStatus !== 'online') return;
    this.socketToken = token;
    this.send({ type: 'reauth', token });
    this.scheduleReauth();
  }

  /**
   * The session layer renews tokens ahead of expiry and the subscription passes them on; this
   * timer only covers a renewal that did not happen in time (throttled timers, a failed attempt).
   */
  private scheduleReauth() {
    clearTimeout(this.reauthTimer);
    const delay = Math.max(this.auth.expiresAt() - this.reauthAheadMs - Date.now(), MIN_REAUTH_DELAY_MS);
    this.reauthTimer = setTimeout(() => {
      if (this.auth.accessToken() !== this.socketToken) this.reauthenticate();
      else void this.auth.refresh().catch(() => undefined);
    }, delay);
  }

  private armWatchdog() {
    clearTimeout(this.watchdogTimer);
    this.watchdogTimer = setTimeout(
      () => this.reconnect('heartbeat timeout'),
      this.heartbeatMs * MISSED_HEARTBEATS,
    );
  }

  /** Gives up the current socket (dead, or out of step) and connects again. */
  private reconnect(reason: string, { immediately = false } = {}) {
    this.abandonSocket(reason);
    if (immediately) this.connect();
    else this.scheduleRetry();
  }

  private scheduleRetry() {
    if (!this.running) return;
    clearTimeout(this.retryTimer);
    const delay = backoffDelay(this.retryAttempt, this.backoff, this.random);
    this.retryAttempt += 1;
    this.setStatus('offline');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  /**
   * Detaches from the socket before closing it: a dead connection may take long to report its
   * close, and nothing it says afterwards concerns us.
   */
  private abandonSocket(reason: string) {
    clearTimeout(this.helloTimer);
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.watchdogTimer);
    clearTimeout(this.reauthTimer);
    this.heartbeatMs = 0;
    this.currentConnectionId = null;
    const socket = this.socket;
    this.socket = null;
    this.requests.rejectAll(RealtimeErrorCode.disconnected, `Realtime connection lost (${reason})`);
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(NORMAL_CLOSURE, reason);
    } catch {
      // Already closed.
    }
  }

  private send(frame: ClientFrame) {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(frame));
  }

  private signalResync(reason: string) {
    for (const listener of [...this.resyncListeners]) callSafely(() => listener(reason));
  }

  private setStatus(status: RealtimeStatus) {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    for (const listener of [...this.statusListeners]) callSafely(listener);
  }
}
