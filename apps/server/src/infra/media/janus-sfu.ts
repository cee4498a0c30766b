import { EventEmitter } from 'node:events';
import type { JanodeConnection, JanodeSession } from 'janode';
import type { VideoRoomHandle } from 'janode/plugins/videoroom';
import { type Logger } from 'pino';
import { type JanusConfig } from '../../config/config.js';
import { SfuError, SfuUnavailableError, JanusErrorCode, toSfuError } from './janus-errors.js';
import { JanusPublisher, JanusSubscriber, type SubscribeStream } from './janus-peers.js';

export interface RoomSettings {
  /** Janus room id: the meeting's id (string ids, as deploy/janus configures). */
  roomId: string;
  /** Needed to destroy the room, kick and mute; only the server knows it. */
  secret: string;
  /** Needed to join the room; only the server knows it (browsers never talk to Janus's API). */
  pin: string;
  /** Participants who may publish at once. */
  maxPublishers: number;
  description?: string;
  /** Cap on each publisher's video, in bits per second (across simulcast layers). */
  bitrateBps?: number;
  /**
   * Video codecs accepted, in order of preference. VP8 and H.264 are the ones Janus relays as
   * simulcast (VP9 and AV1 use SVC instead), and every browser sends one of them.
   */
  videoCodecs?: ('vp8' | 'h264' | 'vp9' | 'av1')[];
}

export interface RoomParticipant {
  participantId: string;
  display: string | undefined;
  /** Sending media now (not only joined). */
  publisher: boolean;
  talking: boolean | undefined;
}

export interface JanusSfuOptions {
  /** How long one request may take before it fails with SfuUnavailableError. */
  requestTimeoutMs?: number;
  /** First and last pause between reconnection attempts (doubling, with jitter). */
  reconnectDelayMs?: { min: number; max: number };
}

interface Live {
  connection: JanodeConnection;
  session: JanodeSession;
  /** The handle rooms are created, listed and moderated through. */
  manager: VideoRoomHandle;
}

/** Events: `connected` (again), `disconnected` (every peer handle of the lost session is gone). */
export type JanusSfuEvents = {
  connected: [];
  disconnected: [];
};

/**
 * The server's side of the Janus SFU: one Janus session over the WebSocket API, reopened with
 * backoff whenever it drops, through which rooms are created, moderated and destroyed, and
 * through which participants' publish and subscribe handles are relayed (see janus-peers.ts).
 * Browsers never talk to Janus's API: the room secret, the pin and the admin key stay here.
 */
export class JanusSfu extends EventEmitter<JanusSfuEvents> {
  private live: Promise<Live>;
  private current: Live | undefined;
  private closed = false;
  private wakeUp: (() => void) | undefined;
  private readonly requestTimeoutMs: number;
  private readonly reconnectDelayMs: { min: number; max: number };

  private constructor(
    private readonly config: JanusConfig,
    private readonly logger: Logger,
    options: JanusSfuOptions,
  ) {
    super();
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.reconnectDelayMs = options.reconnectDelayMs ?? { min: 500, max: 30_000 };
    this.live = this.connectLoop();
    this.live.catch(() => undefined);
  }

  /**
   * Starts connecting and returns at once: a Janus that is down does not stop the server from
   * starting; requests wait for the connection up to the request timeout.
   */
  static start(config: JanusConfig, logger: Logger, options: JanusSfuOptions = {}): JanusSfu {
    return new JanusSfu(config, logger, options);
  }

  /** Resolves once connected (tests, readiness checks). */
  async ready(timeoutMs = this.requestTimeoutMs): Promise<void> {
    await this.connected(timeoutMs);
  }

  get isConnected(): boolean {
    return this.current !== undefined;
  }

  async createRoom(settings: RoomSettings): Promise<void> {
    await this.manage('create room', (manager) =>
      manager.create({
        room: settings.roomId,
        description: settings.description,
        secret: settings.secret,
        pin: settings.pin,
        admin_key: this.config.adminKey,
        max_publishers: settings.maxPublishers,
        bitrate: settings.bitrateBps,
        videocodec: (settings.videoCodecs ?? ['vp8', 'h264']).join(','),
        audiocodec: 'opus',
        // Hidden from Janus's room list; nothing but this server knows the ids anyway.
        is_private: true,
        permanent: false,
        // A subscription must name the private id of a publisher in the room: only someone
        // who joined (with the pin) can receive.
        require_pvtid: true,
        // Who is speaking, for the active-speaker view.
        talking_events: true,
        // A keyframe request every 10 s, so a new subscriber's video starts promptly.
        fir_freq: 10,
      }),
    );
  }

  /** Destroys the room; everyone in it is disconnected. A room that is already gone is not an error. */
  async destroyRoom({ roomId, secret }: { roomId: string; secret: string }): Promise<void> {
    try {
      await this.manage('destroy room', (manager) => manager.destroy({ room: roomId, secret }));
    } catch (error) {
      if (error instanceof SfuError && error.janusCode === JanusErrorCode.noSuchRoom) return;
      throw error;
    }
  }

  async roomExists(roomId: string): Promise<boolean> {
    const { exists } = await this.manage('check room', (manager) => manager.exists({ room: roomId }));
    return exists;
  }

  async listParticipants(roomId: string): Promise<RoomParticipant[]> {
    const { participants } = await this.manage('list participants', (manager) =>
      manager.listParticipants({ room: roomId }),
    );
    return participants.map((participant) => ({
      participantId: String(participant.feed),
      display: participant.display,
      publisher: participant.publisher,
      talking: participant.talking,
    }));
  }

  /** Removes a participant from the room: their publish and subscribe handles stop at once. */
  async kick({ roomId, secret, participantId }: { roomId: string; secret: string; participantId: string }) {
    await this.manage('kick', (manager) => manager.kick({ room: roomId, secret, feed: participantId }));
  }

  /**
   * Mutes (or unmutes) one stream a participant publishes, identified by its `mid`: Janus stops
   * relaying it to everyone, whatever the participant's browser does.
   */
  async moderate(params: {
    roomId: string;
    secret: string;
    participantId: string;
    mid: string;
    muted: boolean;
  }) {
    await this.manage('moderate', (manager) =>
      manager.message({
        request: 'moderate',
        room: params.roomId,
        secret: params.secret,
        id: params.participantId,
        mid: params.mid,
        mute: params.muted,
      }),
    );
  }

  /**
   * Joins a room on a participant's behalf, as a publisher (which is also how a participant with
   * camera and microphone off is present): the browser's offer goes through `publish`.
   */
  async joinAsPublisher(params: {
    roomId: string;
    pin: string;
    participantId: string;
    display: string;
  }): Promise<JanusPublisher> {
    const handle = await this.attach();
    try {
      const joined = await this.request('join', () =>
        handle.joinPublisher({
          room: params.roomId,
          pin: params.pin,
          feed: params.participantId,
          display: params.display,
        }),
      );
      return new JanusPublisher(handle, joined, (what, run) => this.request(what, run));
    } catch (error) {
      await handle.detach().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Subscribes a participant (already joined with `joinAsPublisher`, whose private id it gives)
   * to streams of others: Janus makes an offer, which the browser answers through `start`.
   */
  async subscribe(params: {
    roomId: string;
    pin: string;
    privateId: number;
    streams: SubscribeStream[];
  }): Promise<JanusSubscriber> {
    const handle = await this.attach();
    try {
      const joined = await this.request('subscribe', () =>
        handle.joinSubscriber({
          room: params.roomId,
          pin: params.pin,
          private_id: params.privateId,
          streams: params.streams.map(toJanusStream),
        }),
      );
      if (!joined.jsep) throw new SfuError('Janus made no offer for the subscription');
      return new JanusSubscriber(handle, { jsep: joined.jsep, streams: joined.streams }, (what, run) =>
        this.request(what, run),
      );
    } catch (error) {
      await handle.detach().catch(() => undefined);
      throw error;
    }
  }

  /** Closes the session and the connection; rooms stay in Janus until destroyed or Janus stops. */
  async close(): Promise<void> {
    this.closed = true;
    this.wakeUp?.();
    const live = this.current;
    this.current = undefined;
    if (!live) return;
    await live.session.destroy().catch(() => undefined);
    await live.connection.close().catch(() => undefined);
  }

  private async attach(): Promise<VideoRoomHandle> {
    const { default: VideoRoomPlugin } = await import('janode/plugins/videoroom');
    const live = await this.connected(this.requestTimeoutMs);
    return this.request('attach', () => live.session.attach(VideoRoomPlugin));
  }

  private async manage<T>(what: string, run: (manager: VideoRoomHandle) => Promise<T>): Promise<T> {
    const live = await this.connected(this.requestTimeoutMs);
    return this.request(what, () => run(live.manager));
  }

  /** janode waits for Janus's answer forever; a request here fails after the timeout instead. */
  private async request<T>(what: string, run: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new SfuUnavailableError(`Janus did not answer "${what}" within ${this.requestTimeoutMs} ms`),
          ),
        this.requestTimeoutMs,
      );
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (error) {
      throw toSfuError(what, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private async connected(timeoutMs: number): Promise<Live> {
    if (this.current) return this.current;
    if (this.closed) throw new SfuUnavailableError('the Janus controller is closed');
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.live,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new SfuUnavailableError('Janus is unreachable')), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async connectLoop(): Promise<Live> {
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new SfuUnavailableError('the Janus controller is closed');
      try {
        const live = await this.open();
        if (this.closed) {
          await live.connection.close().catch(() => undefined);
          throw new SfuUnavailableError('the Janus controller is closed');
        }
        this.current = live;
        this.logger.info({ attempt }, 'connected to Janus');
        this.emit('connected');
        return live;
      } catch (error) {
        if (this.closed) throw error;
        // The URL is not logged: it may carry credentials of a proxy in front of Janus.
        this.logger.warn({ attempt, reason: (error as Error).message }, 'cannot connect to Janus; retrying');
        await this.pause(attempt);
      }
    }
  }

  private async open(): Promise<Live> {
    const { default: Janode } = await import('janode');
    const { default: VideoRoomPlugin } = await import('janode/plugins/videoroom');
    // janode prints to stdout, requests included (with the API secret and admin key): silence it.
    Janode.Logger.setLevel('none');
    const connection = await Janode.connect({
      address: {
        url: this.config.url,
        ...(this.config.apiSecret ? { apisecret: this.config.apiSecret } : {}),
      },
      max_retries: 0,
    });
    try {
      const session = await this.request('create session', () => connection.create());
      const manager = await this.request('attach', () => session.attach(VideoRoomPlugin));
      const live: Live = { connection, session, manager };
      const lost = () => this.lost(live);
      connection.once(Janode.EVENT.CONNECTION_CLOSED, lost);
      connection.once(Janode.EVENT.CONNECTION_ERROR, lost);
      session.once(Janode.EVENT.SESSION_DESTROYED, lost);
      return live;
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  private lost(live: Live): void {
    if (this.current !== live) return;
    this.current = undefined;
    if (this.closed) return;
    this.logger.warn('lost the Janus session; reconnecting');
    this.emit('disconnected');
    void live.connection.close().catch(() => undefined);
    this.live = this.connectLoop();
    this.live.catch(() => undefined);
  }

  /** Doubling pauses with full jitter, so servers restarted together do not reconnect together. */
  private pause(attempt: number): Promise<void> {
    const { min, max } = this.reconnectDelayMs;
    const ceiling = Math.min(max, min * 2 ** attempt);
    const delay = min + Math.random() * (ceiling - min);
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, delay);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function toJanusStream(stream: SubscribeStream) {
  return { feed: stream.participantId, ...(stream.mid === undefined ? {} : { mid: stream.mid }) };
}

export { JanusErrorCode, SfuError, SfuUnavailableError } from './janus-errors.js';
