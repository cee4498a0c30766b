import { type Jsep, type SfuFeed, type SfuSubscribedStream, type SfuSubscribeResult } from '@beseda/protocol';
import { type RealtimeEventHandler, type RealtimeEventType } from '../../../realtime/event-dispatcher';
import { type QualitySample, qualityBetween } from './connection-quality';
import { applyIceServers } from './ice-servers';
import {
  ChangeListeners,
  countInbound,
  emptyCounters,
  type LocalTrackKind,
  type MediaTransport,
  type ReceivedCounters,
  type RemoteKind,
  type RemoteMedia,
  type VideoLayer,
} from './media-transport';
import { SerialQueue } from './serial-queue';

/** What the SFU transport needs of the realtime connection: relay commands and my SFU events. */
export interface SfuChannel {
  request(method: string, params?: unknown): Promise<unknown>;
  on<T extends RealtimeEventType>(type: T, handler: RealtimeEventHandler<T>): () => void;
}

export interface SfuTransportOptions {
  meetingId: string;
  myId: string;
  iceServers: RTCIceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
  channel: SfuChannel;
  createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
}

/**
 * Three encodings of my camera, highest first (the order Janus expects): each receiver gets the
 * one that fits where it shows me, and nobody's upload grows with the size of the meeting.
 */
const SIMULCAST: RTCRtpEncodingParameters[] = [
  { rid: 'h', maxBitrate: 1_200_000 },
  { rid: 'm', maxBitrate: 400_000, scaleResolutionDownBy: 2 },
  { rid: 'l', maxBitrate: 120_000, scaleResolutionDownBy: 4 },
];
const RESTART_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000];

interface Received {
  participantId: string;
  kind: RemoteKind;
}

/**
 * Meetings through the Janus SFU. I publish once, on one sending connection (my camera with
 * simulcast, microphone and screen); everyone else's streams come on one receiving connection.
 * Janus is never reached directly: the offers, answers and candidates go through the server's
 * `meeting.sfu.*` commands, and Janus's news comes back as `meeting.sfu.*` events.
 */
export class SfuTransport implements MediaTransport {
  private publisher!: RTCPeerConnection;
  private subscriber: RTCPeerConnection | null = null;
  private readonly senders = new Map<LocalTrackKind, RTCRtpTransceiver>();
  private readonly localTracks = new Map<LocalTrackKind, MediaStreamTrack | null>();
  private readonly cameraStream = new MediaStream();
  private readonly screenStream = new MediaStream();
  private publishQueue = new SerialQueue();
  private subscribeQueue = new SerialQueue();
  /** My candidates gathered before Janus has my offer: sent once it has. */
  private pendingCandidates: (RTCIceCandidateInit | null)[] | null = [];
  /** What the others publish, from Janus. */
  private readonly feeds = new Map<string, SfuFeed>();
  /** The others' streams I receive (`participantId/feedMid`). */
  private readonly subscribed = new Set<string>();
  /** What each m-line of my receiving connection carries. */
  private streams: SfuSubscribedStream[] = [];
  private readonly received = new Map<string, Received>();
  private participants = new Set<string>();
  private readonly media = new Map<string, RemoteMedia>();
  private readonly samples = new Map<string, QualitySample>();
  private readonly layers = new Map<string, VideoLayer>();
  /** The layer asked of Janus for each received video m-line (`participantId:layer`). */
  private readonly layersSent = new Map<string, string>();
  private readonly listeners = new ChangeListeners();
  private readonly unsubscribe: (() => void)[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private iceServers: RTCIceServer[];
  private restarts = 0;
  private closed = false;

  constructor(private readonly options: SfuTransportOptions) {
    this.iceServers = options.iceServers;
    const { channel, meetingId, myId } = options;
    const mine = (data: { meetingId: string; participantId: string }) =>
      data.meetingId === meetingId && data.participantId === myId;
    this.unsubscribe.push(
      channel.on('meeting.sfu.feeds', (data) => {
        if (!mine(data)) return;
        for (const feed of data.feeds) this.feeds.set(feed.participantId, feed);
        this.reconcile();
      }),
      channel.on('meeting.sfu.gone', (data) => {
        if (!mine(data)) return;
        this.feeds.delete(data.feed);
        for (const key of [...this.subscribed])
          if (key.startsWith(`${data.feed}/`)) this.subscribed.delete(key);
      }),
      channel.on('meeting.sfu.offer', (data) => {
        if (mine(data)) this.subscribeQueue.run(() => this.answer(data.jsep, data.streams));
      }),
      channel.on('meeting.sfu.closed', (data) => {
        // Removed or the meeting ended: the call ends by its own event. Anything else: join again.
        if (mine(data) && data.reason !== 'kicked' && data.reason !== 'room_destroyed') this.restartSoon();
      }),
    );
    this.openPublisher();
  }

  sync(participantIds: readonly string[]): void {
    if (this.closed) return;
    this.participants = new Set(participantIds.filter((id) => id !== this.options.myId));
    let changed = false;
    for (const id of this.participants) {
      if (this.media.has(id)) continue;
      this.media.set(id, { camera: null, screen: null, quality: 'unknown' });
      changed = true;
    }
    for (const id of [...this.media.keys()]) {
      if (this.participants.has(id)) continue;
      this.media.delete(id);
      this.samples.delete(id);
      this.feeds.delete(id);
      changed = true;
    }
    this.reconcile();
    if (changed) this.changed();
  }

  receiveSignal(): void {
    // Peer-to-peer signals: late ones from before the meeting moved to the SFU. Nothing to do.
  }

  setLocalTrack(kind: LocalTrackKind, track: MediaStreamTrack | null): void {
    if (this.closed) return;
    this.localTracks.set(kind, track);
    this.attachTrack(kind, track);
  }

  setIceServers(iceServers: RTCIceServer[]): void {
    this.iceServers = iceServers;
    for (const pc of [this.publisher, this.subscriber]) if (pc) applyIceServers(pc, iceServers);
  }

  preferLayer(participantId: string, layer: VideoLayer): void {
    this.layers.set(participantId, layer);
    this.sendLayers();
  }

  remotes(): ReadonlyMap<string, RemoteMedia> {
    return this.media;
  }

  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  async measure(): Promise<Map<string, ReceivedCounters>> {
    const counters = new Map<string, ReceivedCounters>();
    const pc = this.subscriber;
    if (!pc) return counters;
    const report = await pc.getStats();
    const samples = new Map<string, QualitySample>();
    let roundTripTime: number | undefined;
    report.forEach((stat: Record<string, unknown>) => {
      if (stat.type === 'candidate-pair' && stat.nominated && stat.state === 'succeeded') {
        if (typeof stat.currentRoundTripTime === 'number') roundTripTime = stat.currentRoundTripTime;
      }
      if (stat.type !== 'inbound-rtp') return;
      const what = this.received.get(String(stat.mid));
      if (!what) return;
      const count = counters.get(what.participantId) ?? emptyCounters();
      countInbound(count, what.kind, stat);
      counters.set(what.participantId, count);
      const sample = samples.get(what.participantId) ?? {
        packetsReceived: 0,
        packetsLost: 0,
        roundTripTime: undefined,
      };
      sample.packetsReceived += Number(stat.packetsReceived ?? 0);
      sample.packetsLost += Number(stat.packetsLost ?? 0);
      samples.set(what.participantId, sample);
    });
    let qualityChanged = false;
    for (const [id, sample] of samples) {
      // Everything comes over one connection to the SFU: its round trip is everyone's.
      sample.roundTripTime = roundTripTime;
      const quality = qualityBetween(this.samples.get(id), sample);
      this.samples.set(id, sample);
      const current = this.media.get(id);
      if (current && current.quality !== quality) {
        this.media.set(id, { ...current, quality });
        qualityChanged = true;
      }
    }
    if (qualityChanged) this.changed();
    return counters;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.restartTimer);
    for (const stop of this.unsubscribe) stop();
    this.closeConnections();
    this.listeners.clear();
    // Out of the Janus room, so that the meeting can come back to the SFU later.
    this.command('meeting.sfu.leave', {}).catch(() => undefined);
  }

  // --- publishing --------------------------------------------------------------------------------

  private openPublisher() {
    const pc = this.createPeerConnection();
    this.publisher = pc;
    this.pendingCandidates = [];
    pc.onicecandidate = ({ candidate }) => this.trickle('publisher', candidate?.toJSON() ?? null);
    pc.onnegotiationneeded = () => this.publishQueue.run(() => this.publish(pc));
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed') this.restartSoon();
    };
    // Janus needs an m-line to publish: without microphone and camera, an empty audio one.
    if (![...this.localTracks.values()].some(Boolean)) {
      this.senders.set(
        'audio',
        pc.addTransceiver('audio', { direction: 'sendonly', streams: [this.cameraStream] }),
      );
    }
    for (const kind of ['audio', 'video', 'screen'] as const) {
      const track = this.localTracks.get(kind);
      if (track) this.attachTrack(kind, track);
    }
  }

  private attachTrack(kind: LocalTrackKind, track: MediaStreamTrack | null) {
    const sender = this.senders.get(kind);
    if (sender) {
      void sender.sender.replaceTrack(track).catch(reportError);
      return;
    }
    if (!track) return;
    const transceiver = this.publisher.addTransceiver(track, {
      direction: 'sendonly',
      streams: [kind === 'screen' ? this.screenStream : this.cameraStream],
      ...(kind === 'video' ? { sendEncodings: SIMULCAST.map((encoding) => ({ ...encoding })) } : {}),
    });
    this.senders.set(kind, transceiver);
  }

  /** Sends my offer to Janus (through the server) and applies its answer. */
  private async publish(pc: RTCPeerConnection) {
    if (this.closed || pc !== this.publisher) return;
    await pc.setLocalDescription();
    const offer = pc.localDescription;
    if (!offer) return;
    const descriptions = (['video', 'screen'] as const).flatMap((kind) => {
      const mid = this.senders.get(kind)?.mid;
      return mid ? [{ mid, description: kind === 'video' ? ('camera' as const) : ('screen' as const) }] : [];
    });
    try {
      const { jsep } = (await this.command('meeting.sfu.publish', {
        jsep: { type: 'offer', sdp: offer.sdp },
        descriptions,
      })) as { jsep: Jsep };
      if (pc !== this.publisher || this.closed) return;
      await pc.setRemoteDescription(jsep);
      this.restarts = 0;
    } catch (error) {
      if (pc === this.publisher) this.restartSoon();
      throw error;
    }
    const pending = this.pendingCandidates ?? [];
    this.pendingCandidates = null;
    for (const candidate of pending) this.trickle('publisher', candidate);
  }

  // --- receiving ---------------------------------------------------------------------------------

  /** Subscribes to the streams of participants who publish and are in the meeting; drops the rest. */
  private reconcile() {
    if (this.closed) return;
    this.subscribeQueue.run(async () => {
      if (this.closed) return;
      const wanted = new Set<string>();
      for (const [participantId, feed] of this.feeds) {
        if (!this.participants.has(participantId)) continue;
        for (const stream of feed.streams) wanted.add(`${participantId}/${stream.mid}`);
      }
      const refs = (keys: string[]) =>
        keys.map((key) => {
          const [participantId = '', mid] = key.split('/');
          return { participantId, mid };
        });
      const add = [...wanted].filter((key) => !this.subscribed.has(key));
      // Streams of people who left are dropped by Janus itself (it renegotiates).
      const drop = [...this.subscribed].filter(
        (key) => !wanted.has(key) && this.participants.has(key.split('/')[0] ?? ''),
      );
      if (add.length === 0 && drop.length === 0) return;
      for (const key of add) this.subscribed.add(key);
      for (const key of drop) this.subscribed.delete(key);
      let result: SfuSubscribeResult;
      try {
        result = (await this.command('meeting.sfu.subscribe', {
          feeds: refs(add),
          unsubscribe: refs(drop),
        })) as SfuSubscribeResult;
      } catch (error) {
        // Asked again with the next change of feeds or participants.
        for (const key of add) this.subscribed.delete(key);
        throw error;
      }
      if (result.jsep) await this.answer(result.jsep, result.streams);
      else this.applyStreams(result.streams);
    });
  }

  /** Answers Janus's offer for my receiving connection (the first one opens it). */
  private async answer(offer: Jsep, streams: SfuSubscribedStream[]) {
    if (this.closed) return;
    const pc = this.subscriber ?? this.openSubscriber();
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription();
    const answer = pc.localDescription;
    if (!answer || pc !== this.subscriber) return;
    this.applyStreams(streams);
    await this.command('meeting.sfu.answer', { jsep: { type: 'answer', sdp: answer.sdp } });
  }

  private openSubscriber(): RTCPeerConnection {
    const pc = this.createPeerConnection();
    this.subscriber = pc;
    pc.onicecandidate = ({ candidate }) => this.trickle('subscriber', candidate?.toJSON() ?? null);
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed') this.restartSoon();
    };
    return pc;
  }

  /** Sorts the received tracks into each participant's camera and screen streams. */
  private applyStreams(streams: SfuSubscribedStream[]) {
    this.streams = streams;
    this.received.clear();
    const tracks = new Map<
      string,
      { audio: MediaStreamTrack[]; camera: MediaStreamTrack[]; screen: MediaStreamTrack[] }
    >();
    const byMid = new Map(streams.map((stream) => [stream.mid, stream]));
    for (const transceiver of this.subscriber?.getTransceivers() ?? []) {
      const stream = transceiver.mid === null ? undefined : byMid.get(transceiver.mid);
      if (!stream || transceiver.currentDirection === 'inactive' || transceiver.direction === 'inactive')
        continue;
      const kind = this.kindOf(stream);
      this.received.set(stream.mid, { participantId: stream.participantId, kind });
      const own = tracks.get(stream.participantId) ?? { audio: [], camera: [], screen: [] };
      own[kind].push(transceiver.receiver.track);
      tracks.set(stream.participantId, own);
    }
    let changed = false;
    for (const [id, current] of this.media) {
      const own = tracks.get(id);
      const camera = reuse(current.camera, own ? [...own.audio, ...own.camera] : []);
      const screen = reuse(current.screen, own?.screen ?? []);
      if (camera === current.camera && screen === current.screen) continue;
      this.media.set(id, { ...current, camera, screen });
      changed = true;
    }
    this.sendLayers();
    if (changed) this.changed();
  }

  private kindOf(stream: SfuSubscribedStream): RemoteKind {
    if (stream.type === 'audio') return 'audio';
    const published = this.feeds.get(stream.participantId)?.streams.find((own) => own.mid === stream.feedMid);
    return published?.description === 'screen' ? 'screen' : 'camera';
  }

  /** Asks Janus for the simulcast layer that fits each camera's tile. */
  private sendLayers() {
    for (const [mid, what] of this.received) {
      if (what.kind !== 'camera') continue;
      const layer = this.layers.get(what.participantId);
      const asked = `${what.participantId}:${layer}`;
      if (layer === undefined || this.layersSent.get(mid) === asked) continue;
      this.layersSent.set(mid, asked);
      this.command('meeting.sfu.layer', { mid, substream: layer }).catch(() => this.layersSent.delete(mid));
    }
  }

  // --- both --------------------------------------------------------------------------------------

  private trickle(target: 'publisher' | 'subscriber', candidate: RTCIceCandidateInit | null) {
    if (this.closed) return;
    if (target === 'publisher' && this.pendingCandidates) {
      this.pendingCandidates.push(candidate);
      return;
    }
    const { candidate: line = '', sdpMid, sdpMLineIndex } = candidate ?? {};
    this.command('meeting.sfu.trickle', {
      target,
      candidate: candidate ? { candidate: line, sdpMid, sdpMLineIndex } : null,
    }).catch(() => {
      // Janus put its own candidates in its SDP; it finds a path from what arrived.
    });
  }

  /**
   * The connection to Janus broke (Janus restarted, the network changed, the server lost the
   * session): out of the room, and in again with fresh connections, sooner first.
   */
  private restartSoon() {
    if (this.closed || this.restartTimer) return;
    const delay = RESTART_DELAYS_MS[Math.min(this.restarts, RESTART_DELAYS_MS.length - 1)] ?? 10_000;
    this.restarts += 1;
    this.restartTimer = setTimeout(() => {
      // Out of the room first: the old connections' end must not read as a new failure.
      void this.command('meeting.sfu.leave', {})
        .catch(() => undefined)
        .finally(() => {
          this.restartTimer = undefined;
          if (this.closed) return;
          this.closeConnections();
          this.publishQueue = new SerialQueue();
          this.subscribeQueue = new SerialQueue();
          this.openPublisher();
        });
    }, delay);
  }

  private closeConnections() {
    this.publisher.close();
    this.subscriber?.close();
    this.subscriber = null;
    this.senders.clear();
    this.subscribed.clear();
    this.streams = [];
    this.received.clear();
    this.layersSent.clear();
    let changed = false;
    for (const [id, current] of this.media) {
      if (!current.camera && !current.screen) continue;
      this.media.set(id, { ...current, camera: null, screen: null });
      changed = true;
    }
    if (changed) this.changed();
  }

  private createPeerConnection(): RTCPeerConnection {
    const configuration: RTCConfiguration = {
      iceServers: this.iceServers,
      iceTransportPolicy: this.options.iceTransportPolicy ?? 'all',
    };
    return this.options.createPeerConnection?.(configuration) ?? new RTCPeerConnection(configuration);
  }

  private command(method: string, params: Record<string, unknown>): Promise<unknown> {
    const { meetingId, myId } = this.options;
    return this.options.channel.request(method, { meetingId, participantId: myId, ...params });
  }

  private changed() {
    this.listeners.notify();
  }
}

/** The same stream object while its tracks stay the same (media elements keep playing). */
function reuse(current: MediaStream | null, tracks: MediaStreamTrack[]): MediaStream | null {
  if (tracks.length === 0) return null;
  const same =
    current !== null &&
    current.getTracks().length === tracks.length &&
    tracks.every((track) => current.getTracks().includes(track));
  return same ? current : new MediaStream(tracks);
}
