import {
  type JoinMeetingResponse,
  type LobbyEntry,
  type Meeting,
  type MeetingState,
  type MeetingIceServers,
  type MeetingTopology,
  type SignalPayload,
} from '@beseda/protocol';
import {
  callSafely,
  type RealtimeEventHandler,
  type RealtimeEventType,
} from '../../../realtime/event-dispatcher';
import { AudioLevels } from './audio-levels';
import { stopStream } from './local-media';
import {
  type MediaTransport,
  type ReceivedCounters,
  type RemoteMedia,
  type SignalSender,
  type VideoLayer,
} from './media-transport';
import { MeshTransport } from './mesh-transport';
import { type SfuChannel, SfuTransport } from './sfu-transport';

export type JoinedResponse = Extract<JoinMeetingResponse, { state: 'joined' }>;
export type CallEndReason = 'left' | 'removed' | 'ended' | 'lost';

/** What the call needs of the realtime connection: commands, and the meeting's events. */
export interface CallConnection {
  request(method: string, params?: unknown): Promise<unknown>;
  on<T extends RealtimeEventType>(type: T, handler: RealtimeEventHandler<T>): () => void;
  onResync(handler: (reason: string) => void): () => void;
}

/** What the call needs of the REST API (meetings.api in the app, fakes in tests). */
export interface CallApi {
  join(
    ref: string,
    body: { participantId: string; audio: boolean; video: boolean },
  ): Promise<JoinMeetingResponse>;
  leave(meetingId: string, participantId: string, keepalive?: boolean): Promise<void>;
  updateMine(
    meetingId: string,
    participantId: string,
    changes: { audio?: boolean; video?: boolean; screen?: boolean; handRaised?: boolean },
  ): Promise<void>;
  react(meetingId: string, participantId: string, emoji: string): Promise<void>;
  fetchLobby(meetingId: string): Promise<LobbyEntry[]>;
}

export interface Reaction {
  key: number;
  participantId: string;
  emoji: string;
}

/** Something a host did to my microphone, camera or hand; shown until dismissed. */
export interface ModerationNotice {
  audio: boolean;
  video: boolean;
  handRaised: boolean;
}

export interface CallSnapshot {
  meeting: Meeting;
  myId: string;
  live: MeetingState;
  localStream: MediaStream;
  audio: boolean;
  video: boolean;
  /** My shared screen, while I share it. */
  screen: MediaStream | null;
  handRaised: boolean;
  remotes: ReadonlyMap<string, RemoteMedia>;
  /** Whoever is loudest now (possibly me), or null in silence. */
  activeSpeakerId: string | null;
  reactions: readonly Reaction[];
  moderated: ModerationNotice | null;
  /** Who waits in the lobby (hosts and co-hosts only; empty for everyone else). */
  lobby: readonly LobbyEntry[];
  ended: CallEndReason | null;
}

/** What a transport is made with. */
export interface TransportContext {
  meetingId: string;
  myId: string;
  iceServers: RTCIceServer[];
  /** `relay`: only through TURN (the server hides everyone's addresses from each other). */
  iceTransportPolicy: RTCIceTransportPolicy;
  /** Peer-to-peer signaling, relayed by the server. */
  send: SignalSender;
  /** The realtime connection, for the SFU's relay commands and events. */
  channel: SfuChannel;
}

export type TransportFactory = (topology: MeetingTopology, context: TransportContext) => MediaTransport;

/** Peer-to-peer and mesh share one transport (one connection per other person); the SFU has its own. */
export const defaultTransport: TransportFactory = (topology, context) =>
  topology === 'sfu' ? new SfuTransport(context) : new MeshTransport(context);

/** Which transport a topology needs: p2p and mesh are the same one. */
const transportKind = (topology: MeetingTopology) => (topology === 'sfu' ? 'sfu' : 'direct');

/** The simulcast layer for a picture this many CSS pixels wide. */
export function layerForWidth(width: number): VideoLayer {
  if (width >= 560) return 2;
  if (width >= 240) return 1;
  return 0;
}

export interface CallSessionOptions {
  ref: string;
  joined: JoinedResponse;
  connection: CallConnection;
  api: CallApi;
  /** My microphone and camera, opened on the join screen; the session owns them from here. */
  localStream: MediaStream;
  audio: boolean;
  video: boolean;
  createTransport?: TransportFactory;
  /** Signals to me that came before the session existed (see SignalBuffer). */
  earlySignals?: readonly { from: string; payload: SignalPayload }[];
  /** Opens the screen picker; getDisplayMedia by default. */
  captureScreen?: () => Promise<MediaStream>;
  /** Opens one microphone or camera by id; getUserMedia by default. */
  openDevice?: (kind: 'audio' | 'video', deviceId: string) => Promise<MediaStreamTrack>;
}

async function openDevice(kind: 'audio' | 'video', deviceId: string): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia({ [kind]: { deviceId: { exact: deviceId } } });
  const [track] = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks();
  if (!track) throw new DOMException('The device gave no track', 'NotFoundError');
  return track;
}

const REACTION_SHOW_MS = 4_000;
const ICE_RETRY_MS = 30_000;

/**
 * When to ask for fresh TURN credentials: a tenth of their remaining life before they end (at
 * least a minute before, never sooner than in ten seconds).
 */
export function iceRefreshDelay(expiresAt: string, now = Date.now()): number {
  const remaining = new Date(expiresAt).getTime() - now;
  return Math.max(10_000, remaining - Math.max(60_000, remaining / 10));
}
const QUALITY_INTERVAL_MS = 2_000;
const SPEAKER_INTERVAL_MS = 300;

/**
 * One stay in a meeting, outside React: keeps the stay alive with heartbeats, relays signaling,
 * keeps one media connection per other participant in step with the live state, and turns my
 * microphone, camera, screen and hand on and off (telling the server, so others see it). The
 * page renders `getSnapshot()` and calls the actions.
 */
export class CallSession {
  private snapshot: CallSnapshot;
  private readonly listeners = new Set<() => void>();
  private transport: MediaTransport;
  private transportKind: 'sfu' | 'direct';
  private stopTransportEvents: () => void = () => undefined;
  /** The ICE servers now (TURN credentials are renewed while the call lasts). */
  private iceServers: RTCIceServer[];
  private iceTimer: ReturnType<typeof setTimeout> | undefined;
  /** The layer that fits each participant's tile, kept across transports. */
  private readonly layers = new Map<string, VideoLayer>();
  private readonly levels = new AudioLevels();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly unsubscribe: (() => void)[] = [];
  private readonly reactionTimers = new Set<ReturnType<typeof setTimeout>>();
  private reactionKey = 0;

  constructor(private readonly options: CallSessionOptions) {
    const { joined, connection, localStream } = options;
    const myId = joined.participantId;
    for (const track of localStream.getAudioTracks()) track.enabled = options.audio;
    for (const track of localStream.getVideoTracks()) track.enabled = options.video;
    this.snapshot = {
      meeting: joined.meeting,
      myId,
      live: joined.live,
      localStream,
      audio: options.audio && localStream.getAudioTracks().length > 0,
      video: options.video && localStream.getVideoTracks().length > 0,
      screen: null,
      handRaised: false,
      remotes: new Map(),
      activeSpeakerId: null,
      reactions: [],
      moderated: null,
      lobby: [],
      ended: null,
    };
    this.iceServers = joined.iceServers;
    if (joined.iceServersExpireAt) this.renewIceServersAt(joined.iceServersExpireAt);
    this.transportKind = transportKind(joined.live.topology);
    this.transport = this.openTransport(joined.live.topology);
    this.levels.track(myId, localStream);

    const meetingId = joined.meeting.id;
    const mine = (id: string) => id === meetingId;
    this.unsubscribe.push(
      connection.on('meeting.state', (state) => mine(state.meetingId) && this.applyState(state)),
      connection.on('meeting.signal', (signal) => {
        if (mine(signal.meetingId) && signal.to === myId)
          this.transport.receiveSignal(signal.from, signal.payload);
      }),
      connection.on('meeting.moderated', (change) => {
        if (mine(change.meetingId) && change.participantId === myId) this.applyModeration(change);
      }),
      connection.on('meeting.removed', (event) => {
        if (mine(event.meetingId) && event.participantId === myId) this.finish('removed');
      }),
      connection.on('meeting.ended', (event) => mine(event.meetingId) && this.finish('ended')),
      connection.on(
        'meeting.reaction',
        (reaction) => mine(reaction.meetingId) && this.showReaction(reaction),
      ),
      connection.on(
        'meeting.lobby',
        (lobby) => mine(lobby.meetingId) && this.update({ lobby: lobby.waiting }),
      ),
      connection.onResync(() => void this.resync()),
    );
    this.timers.push(
      setInterval(() => this.heartbeat(), joined.heartbeatIntervalMs),
      setInterval(() => void this.transport.measure().catch(() => undefined), QUALITY_INTERVAL_MS),
      setInterval(() => this.update({ activeSpeakerId: this.levels.loudest() }), SPEAKER_INTERVAL_MS),
    );
    this.applyState(joined.live);
    for (const signal of options.earlySignals ?? [])
      this.transport.receiveSignal(signal.from, signal.payload);
    if (this.isModerator()) void this.loadLobby();
  }

  // --- for React ---------------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): CallSnapshot => this.snapshot;

  /** What each other participant's media did so far (read by the end-to-end tests). */
  async receivedCounters(): Promise<Record<string, ReceivedCounters>> {
    return Object.fromEntries(await this.transport.measure());
  }

  isModerator(): boolean {
    const me = this.snapshot.live.participants.find((participant) => participant.id === this.snapshot.myId);
    return me?.role === 'host' || me?.role === 'cohost';
  }

  // --- actions -----------------------------------------------------------------------------------

  setAudio(on: boolean): void {
    const track = this.snapshot.localStream.getAudioTracks()[0];
    if (!track || this.snapshot.ended) return;
    track.enabled = on;
    this.update({ audio: on, moderated: on ? null : this.snapshot.moderated });
    this.tellServer({ audio: on });
  }

  setVideo(on: boolean): void {
    const track = this.snapshot.localStream.getVideoTracks()[0];
    if (!track || this.snapshot.ended) return;
    track.enabled = on;
    this.update({ video: on });
    this.tellServer({ video: on });
  }

  /**
   * Moves my microphone or camera to another device during the call: the new track replaces the
   * old one on every connection without renegotiating, and keeps its on/off state. A device that
   * cannot be opened rejects, and the old one stays in use.
   */
  async switchDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    if (this.snapshot.ended) return;
    const track = await (this.options.openDevice ?? openDevice)(kind, deviceId);
    if (this.snapshot.ended) {
      track.stop();
      return;
    }
    const { localStream, myId } = this.snapshot;
    const old = kind === 'audio' ? localStream.getAudioTracks() : localStream.getVideoTracks();
    const kept = kind === 'audio' ? localStream.getVideoTracks() : localStream.getAudioTracks();
    // A device that was missing at join time comes in switched on; otherwise it keeps the old state.
    const on = old.length === 0 || (kind === 'audio' ? this.snapshot.audio : this.snapshot.video);
    track.enabled = on;
    const stream = new MediaStream([...kept, track]);
    this.transport.setLocalTrack(kind, track);
    for (const stale of old) stale.stop();
    this.levels.track(myId, stream);
    this.update({ localStream: stream, [kind]: on });
    if (old.length === 0) this.tellServer({ [kind]: on });
  }

  /** A participant's camera tile is shown this wide (device pixels): receive the layer that fits. */
  setTileWidth = (participantId: string, width: number): void => {
    const layer = layerForWidth(width);
    if (this.layers.get(participantId) === layer) return;
    this.layers.set(participantId, layer);
    this.transport.preferLayer?.(participantId, layer);
  };

  setHandRaised(raised: boolean): void {
    if (this.snapshot.ended) return;
    this.update({ handRaised: raised });
    this.tellServer({ handRaised: raised });
  }

  async startScreenShare(): Promise<void> {
    if (this.snapshot.screen || this.snapshot.ended) return;
    const capture =
      this.options.captureScreen ?? (() => navigator.mediaDevices.getDisplayMedia({ video: true }));
    const screen = await capture();
    const track = screen.getVideoTracks()[0];
    if (!track || this.snapshot.ended) {
      stopStream(screen);
      return;
    }
    // The browser's own "Stop sharing" ends the track: stop as if the button was pressed.
    track.addEventListener('ended', () => this.stopScreenShare());
    this.transport.setLocalTrack('screen', track);
    this.update({ screen });
    this.tellServer({ screen: true });
  }

  stopScreenShare(): void {
    const screen = this.snapshot.screen;
    if (!screen) return;
    stopStream(screen);
    this.transport.setLocalTrack('screen', null);
    this.update({ screen: null });
    if (!this.snapshot.ended) this.tellServer({ screen: false });
  }

  react(emoji: string): void {
    const { meeting, myId } = this.snapshot;
    this.options.api.react(meeting.id, myId, emoji).catch(() => undefined);
  }

  dismissModeration(): void {
    this.update({ moderated: null });
  }

  /** Leaves the meeting. `keepalive` for a page that is going away (the request outlives it). */
  async leave(keepalive = false): Promise<void> {
    if (this.snapshot.ended) return;
    const { meeting, myId } = this.snapshot;
    this.finish('left');
    await this.options.api.leave(meeting.id, myId, keepalive).catch(() => undefined);
  }

  /** Stops everything without telling the server (the stay already ended, or the page unmounts after leave). */
  finish(reason: CallEndReason): void {
    if (this.snapshot.ended) return;
    for (const timer of this.timers) clearInterval(timer);
    for (const timer of this.reactionTimers) clearTimeout(timer);
    clearTimeout(this.iceTimer);
    for (const stop of this.unsubscribe) stop();
    this.stopTransportEvents();
    this.transport.close();
    this.levels.close();
    stopStream(this.snapshot.localStream);
    stopStream(this.snapshot.screen);
    this.update({ ended: reason, screen: null, remotes: new Map(), activeSpeakerId: null, reactions: [] });
  }

  // --- inside ------------------------------------------------------------------------------------

  /** Opens the transport the topology needs and gives it my tracks and the layers asked for. */
  private openTransport(topology: MeetingTopology): MediaTransport {
    const { joined, connection } = this.options;
    const transport = (this.options.createTransport ?? defaultTransport)(topology, {
      meetingId: joined.meeting.id,
      myId: joined.participantId,
      iceServers: this.iceServers,
      iceTransportPolicy: joined.iceTransportPolicy,
      send: (to, payload) => this.signal(to, payload),
      channel: connection,
    });
    const { localStream, screen } = this.snapshot;
    transport.setLocalTrack('audio', localStream.getAudioTracks()[0] ?? null);
    transport.setLocalTrack('video', localStream.getVideoTracks()[0] ?? null);
    const screenTrack = screen?.getVideoTracks()[0];
    if (screenTrack) transport.setLocalTrack('screen', screenTrack);
    for (const [id, layer] of this.layers) transport.preferLayer?.(id, layer);
    this.stopTransportEvents = transport.onChange(() => this.onRemotesChanged());
    return transport;
  }

  /**
   * The meeting moved between peer-to-peer (or mesh) and the SFU as people came and went:
   * everyone's connections are rebuilt the new way, without leaving the call.
   */
  private switchTransport(topology: MeetingTopology) {
    this.stopTransportEvents();
    this.transport.close();
    this.transportKind = transportKind(topology);
    this.transport = this.openTransport(topology);
    this.onRemotesChanged();
  }

  private applyState(live: MeetingState) {
    const others = live.participants.filter((participant) => participant.id !== this.snapshot.myId);
    if (transportKind(live.topology) !== this.transportKind) this.switchTransport(live.topology);
    this.transport.sync(others.map((participant) => participant.id));
    const wasModerator = this.isModerator();
    this.update({ live });
    if (!wasModerator && this.isModerator()) void this.loadLobby();
    if (wasModerator && !this.isModerator()) this.update({ lobby: [] });
  }

  private applyModeration(change: { audio?: false; video?: false; handRaised?: false }) {
    const audio = change.audio === false && this.snapshot.audio;
    const video = change.video === false && this.snapshot.video;
    const handRaised = change.handRaised === false && this.snapshot.handRaised;
    // The server already recorded the change: comply locally without telling it again.
    if (audio) for (const track of this.snapshot.localStream.getAudioTracks()) track.enabled = false;
    if (video) for (const track of this.snapshot.localStream.getVideoTracks()) track.enabled = false;
    this.update({
      audio: this.snapshot.audio && !audio,
      video: this.snapshot.video && !video,
      handRaised: this.snapshot.handRaised && !handRaised,
      moderated: audio || video || handRaised ? { audio, video, handRaised } : this.snapshot.moderated,
    });
  }

  private showReaction({ participantId, emoji }: { participantId: string; emoji: string }) {
    const reaction = { key: (this.reactionKey += 1), participantId, emoji };
    this.update({ reactions: [...this.snapshot.reactions, reaction] });
    const timer = setTimeout(() => {
      this.reactionTimers.delete(timer);
      this.update({ reactions: this.snapshot.reactions.filter((shown) => shown !== reaction) });
    }, REACTION_SHOW_MS);
    this.reactionTimers.add(timer);
  }

  private onRemotesChanged() {
    const remotes = new Map(this.transport.remotes());
    for (const [id, media] of remotes) this.levels.track(id, media.camera);
    for (const id of this.snapshot.remotes.keys()) if (!remotes.has(id)) this.levels.untrack(id);
    this.update({ remotes });
  }

  private signal(to: string, payload: SignalPayload) {
    const { meeting, myId } = this.snapshot;
    this.options.connection
      .request('meeting.signal', { meetingId: meeting.id, from: myId, to, payload })
      .catch(() => {
        // Lost with the connection: ICE restarts and the next offer recover the link.
      });
  }

  /** Asks for fresh TURN credentials before these end, and hands them to the connections. */
  private renewIceServersAt(expiresAt: string) {
    this.iceTimer = setTimeout(() => void this.renewIceServers(), iceRefreshDelay(expiresAt));
  }

  private async renewIceServers() {
    const { meeting, myId } = this.snapshot;
    try {
      const list = (await this.options.connection.request('meeting.ice_servers', {
        meetingId: meeting.id,
        participantId: myId,
      })) as MeetingIceServers;
      if (this.snapshot.ended) return;
      this.iceServers = list.iceServers;
      this.transport.setIceServers(list.iceServers);
      if (list.expiresAt) this.renewIceServersAt(list.expiresAt);
    } catch {
      // Offline for a moment, or the stay is over (its own event ends the call): try again later.
      if (!this.snapshot.ended) this.iceTimer = setTimeout(() => void this.renewIceServers(), ICE_RETRY_MS);
    }
  }

  private heartbeat() {
    const { meeting, myId } = this.snapshot;
    this.options.connection
      .request('meeting.heartbeat', { meetingId: meeting.id, participantId: myId })
      .catch((error: unknown) => {
        // The server ended the stay (missed heartbeats while offline); other failures retry next beat.
        if ((error as { code?: string } | null)?.code === 'meeting.participant_not_found')
          this.finish('lost');
      });
  }

  /** Events were lost: fetch the live state (and the lobby) again. */
  private async resync() {
    const { myId, audio, video } = this.snapshot;
    try {
      const answer = await this.options.api.join(this.options.ref, { participantId: myId, audio, video });
      if (answer.state === 'joined' && !this.snapshot.ended) this.applyState(answer.live);
    } catch {
      this.finish('lost');
      return;
    }
    if (this.isModerator()) await this.loadLobby();
  }

  private async loadLobby() {
    try {
      const lobby = await this.options.api.fetchLobby(this.snapshot.meeting.id);
      if (!this.snapshot.ended) this.update({ lobby });
    } catch {
      // The meeting.lobby events keep it current from here.
    }
  }

  private tellServer(changes: { audio?: boolean; video?: boolean; screen?: boolean; handRaised?: boolean }) {
    const { meeting, myId } = this.snapshot;
    this.options.api.updateMine(meeting.id, myId, changes).catch(() => {
      // Removed or ended meanwhile (its own event says so), or offline: the media itself changed anyway.
    });
  }

  private update(changes: Partial<CallSnapshot>) {
    const changed = Object.entries(changes).some(
      ([key, value]) => this.snapshot[key as keyof CallSnapshot] !== value,
    );
    if (!changed) return;
    this.snapshot = { ...this.snapshot, ...changes };
    this.emit();
  }

  private emit() {
    for (const listener of [...this.listeners]) callSafely(listener);
  }
}
