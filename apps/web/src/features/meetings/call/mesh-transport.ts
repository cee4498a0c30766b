import { type SignalPayload } from '@beseda/protocol';
import { type QualitySample, qualityBetween, sampleFromReport } from './connection-quality';
import {
  ChangeListeners,
  countInbound,
  emptyCounters,
  type LocalTrackKind,
  type MediaTransport,
  type ReceivedCounters,
  type RemoteMedia,
  type SignalSender,
} from './media-transport';
import { PeerLink } from './peer-link';
import { isPolite, planPeers } from './peer-plan';

export interface MeshTransportOptions {
  myId: string;
  iceServers: RTCIceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
  send: SignalSender;
  createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
}

/**
 * Peer-to-peer and mesh: one PeerLink to every other participant, each carrying my tracks and
 * theirs. Two people are the smallest mesh, so both topologies are this one class.
 */
export class MeshTransport implements MediaTransport {
  private readonly links = new Map<string, PeerLink>();
  private readonly media = new Map<string, RemoteMedia>();
  private readonly samples = new Map<string, QualitySample>();
  private readonly listeners = new ChangeListeners();
  private readonly localTracks = new Map<LocalTrackKind, MediaStreamTrack | null>();
  private readonly cameraStream = new MediaStream();
  private readonly screenStream = new MediaStream();
  /** Participants that left: a late signal of theirs must not start a new connection. */
  private readonly gone = new Set<string>();
  private closed = false;

  private iceServers: RTCIceServer[];

  constructor(private readonly options: MeshTransportOptions) {
    this.iceServers = options.iceServers;
  }

  sync(participantIds: readonly string[]): void {
    if (this.closed) return;
    const plan = planPeers(
      this.links.keys(),
      participantIds.map((id) => ({ id })),
      this.options.myId,
    );
    for (const id of plan.close) this.drop(id);
    for (const id of plan.open) this.connect(id);
    for (const id of participantIds) this.gone.delete(id);
    if (plan.open.length > 0 || plan.close.length > 0) this.changed();
  }

  receiveSignal(from: string, payload: SignalPayload): void {
    if (this.closed || this.gone.has(from) || from === this.options.myId) return;
    // Their offer may come before the live state that shows them: connect now.
    (this.links.get(from) ?? this.connect(from)).receive(payload);
  }

  setIceServers(iceServers: RTCIceServer[]): void {
    this.iceServers = iceServers;
    for (const link of this.links.values()) link.setIceServers(iceServers);
  }

  setLocalTrack(kind: LocalTrackKind, track: MediaStreamTrack | null): void {
    this.localTracks.set(kind, track);
    for (const link of this.links.values()) link.setTrack(kind, track);
  }

  remotes(): ReadonlyMap<string, RemoteMedia> {
    return this.media;
  }

  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  async measure(): Promise<Map<string, ReceivedCounters>> {
    const counters = new Map<string, ReceivedCounters>();
    let qualityChanged = false;
    await Promise.all(
      [...this.links].map(async ([id, link]) => {
        const report = await link.pc.getStats();
        const sample = sampleFromReport(report);
        const quality = qualityBetween(this.samples.get(id), sample);
        this.samples.set(id, sample);
        const current = this.media.get(id);
        if (current && current.quality !== quality) {
          this.media.set(id, { ...current, quality });
          qualityChanged = true;
        }
        counters.set(id, countersOf(report, link));
      }),
    );
    if (qualityChanged) this.changed();
    return counters;
  }

  close(): void {
    this.closed = true;
    for (const id of [...this.links.keys()]) this.drop(id);
    this.listeners.clear();
  }

  private connect(id: string): PeerLink {
    const link: PeerLink = new PeerLink({
      polite: isPolite(this.options.myId, id),
      iceServers: this.iceServers,
      iceTransportPolicy: this.options.iceTransportPolicy ?? 'all',
      send: (payload) => this.options.send(id, payload),
      cameraStream: this.cameraStream,
      screenStream: this.screenStream,
      createPeerConnection: this.options.createPeerConnection,
      onStreams: () => {
        if (this.links.get(id) !== link) return;
        this.media.set(id, {
          camera: link.camera,
          screen: link.screen,
          quality: this.media.get(id)?.quality ?? 'unknown',
        });
        this.changed();
      },
    });
    this.links.set(id, link);
    this.media.set(id, { camera: null, screen: null, quality: 'unknown' });
    // Camera tracks first, so that the other side sees the camera stream before any screen.
    for (const kind of ['audio', 'video', 'screen'] as const) {
      const track = this.localTracks.get(kind);
      if (track) link.setTrack(kind, track);
    }
    return link;
  }

  private drop(id: string) {
    this.links.get(id)?.close();
    this.links.delete(id);
    this.media.delete(id);
    this.samples.delete(id);
    this.gone.add(id);
  }

  private changed() {
    this.listeners.notify();
  }
}

/** Per-kind counters of what this link received, for the tracks it knows the kind of. */
function countersOf(report: RTCStatsReport, link: PeerLink): ReceivedCounters {
  const counters = emptyCounters();
  report.forEach((stat: Record<string, unknown>) => {
    if (stat.type !== 'inbound-rtp') return;
    const kind = link.remoteTracks.get(String(stat.trackIdentifier));
    if (kind) countInbound(counters, kind, stat);
  });
  return counters;
}
