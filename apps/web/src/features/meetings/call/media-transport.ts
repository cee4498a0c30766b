import { type SignalPayload } from '@beseda/protocol';
import { callSafely } from '../../../realtime/event-dispatcher';
import { type ConnectionQuality } from './connection-quality';

/** What I send: my microphone and camera, and my screen while I share it. */
export type LocalTrackKind = 'audio' | 'video' | 'screen';

/** A simulcast layer: 0 the smallest picture, 2 the full one. */
export type VideoLayer = 0 | 1 | 2;

/** What one other participant sends me, as streams ready for a media element. */
export interface RemoteMedia {
  /** Their microphone and camera. */
  camera: MediaStream | null;
  /** Their shared screen, while they share it. */
  screen: MediaStream | null;
  quality: ConnectionQuality;
}

/** Counters of what one participant's media did so far (for tests and diagnostics). */
export interface ReceivedCounters {
  audioPacketsReceived: number;
  cameraFramesDecoded: number;
  /** Width of the camera picture received last (through an SFU: the simulcast layer relayed). */
  cameraFrameWidth: number;
  screenFramesDecoded: number;
}

/**
 * How media moves between me and the others. The call does not care whether it is one
 * connection per participant (peer-to-peer, mesh) or one connection to a media server (SFU):
 * it says who is in the meeting, hands over signaling and my tracks, and reads remote streams.
 */
export interface MediaTransport {
  /** The other participants to exchange media with; called on every change of the live state. */
  sync(participantIds: readonly string[]): void;
  /** A signaling message another participant sent me. */
  receiveSignal(from: string, payload: SignalPayload): void;
  /** Sends this track (or stops sending, with null) to everyone. */
  setLocalTrack(kind: LocalTrackKind, track: MediaStreamTrack | null): void;
  /**
   * How large this participant's camera is shown: through an SFU the receiver gets the simulcast
   * layer that fits (0 smallest); a direct connection has only one and ignores it.
   */
  preferLayer?(participantId: string, layer: VideoLayer): void;
  /**
   * Fresh ICE servers (new TURN credentials) for every connection, made now or later: an ICE
   * restart late in a long call opens its relay with credentials that still work.
   */
  setIceServers(iceServers: RTCIceServer[]): void;
  /** The media each other participant sends, by participant id. */
  remotes(): ReadonlyMap<string, RemoteMedia>;
  /** Calls the listener when remote streams or their quality change. */
  onChange(listener: () => void): () => void;
  /** Measures every connection once: updates quality and returns the counters. */
  measure(): Promise<Map<string, ReceivedCounters>>;
  close(): void;
}

/** Sends a signaling message to one participant (through the server). */
export type SignalSender = (to: string, payload: SignalPayload) => void;

/** What a received track carries. */
export type RemoteKind = 'audio' | 'camera' | 'screen';

export function emptyCounters(): ReceivedCounters {
  return { audioPacketsReceived: 0, cameraFramesDecoded: 0, cameraFrameWidth: 0, screenFramesDecoded: 0 };
}

/** Adds one inbound-rtp statistic of a track of this kind to the counters. */
export function countInbound(
  counters: ReceivedCounters,
  kind: RemoteKind,
  stat: Record<string, unknown>,
): void {
  if (kind === 'audio') counters.audioPacketsReceived += Number(stat.packetsReceived ?? 0);
  if (kind === 'screen') counters.screenFramesDecoded += Number(stat.framesDecoded ?? 0);
  if (kind === 'camera') {
    counters.cameraFramesDecoded += Number(stat.framesDecoded ?? 0);
    counters.cameraFrameWidth = Math.max(counters.cameraFrameWidth, Number(stat.frameWidth ?? 0));
  }
}

/** The listeners of a transport's remote media (`MediaTransport.onChange`). */
export class ChangeListeners {
  private readonly listeners = new Set<() => void>();

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  notify(): void {
    for (const listener of [...this.listeners]) callSafely(listener);
  }

  clear(): void {
    this.listeners.clear();
  }
}
