import { type SignalPayload } from '@beseda/protocol';
import { callSafely } from '../../../realtime/event-dispatcher';
import { applyIceServers } from './ice-servers';
import { type LocalTrackKind, type RemoteKind } from './media-transport';

const FIRST_OFFER_WAIT_MS = 4_000;
const ANSWER_WAIT_MS = 10_000;

export interface PeerLinkOptions {
  polite: boolean;
  iceServers: RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  send: (payload: SignalPayload) => void;
  /** My camera and screen streams: they only label tracks (msid), so the other side can tell them apart. */
  cameraStream: MediaStream;
  screenStream: MediaStream;
  /** Remote streams appeared or went. */
  onStreams: () => void;
  createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
}

/**
 * One RTCPeerConnection to one other participant, negotiated with the "perfect negotiation"
 * pattern: either side may (re)offer whenever its tracks change; when both offer at once the
 * polite side rolls back and answers. Signals are handled one at a time, in arrival order.
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  camera: MediaStream | null = null;
  screen: MediaStream | null = null;
  private readonly options: PeerLinkOptions;
  private readonly senders = new Map<LocalTrackKind, RTCRtpSender>();
  /** Remote track ids by what they carry, for per-kind statistics. */
  readonly remoteTracks = new Map<string, RemoteKind>();
  private cameraStreamId: string | null = null;
  private ignoreOffer = false;
  private queue: Promise<void> = Promise.resolve();
  private firstOfferTimer: ReturnType<typeof setTimeout> | undefined;
  private firstOfferWaited = false;
  private answerTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(options: PeerLinkOptions) {
    this.options = options;
    const create = options.createPeerConnection ?? ((configuration) => new RTCPeerConnection(configuration));
    const pc = create({ iceServers: options.iceServers, iceTransportPolicy: options.iceTransportPolicy });
    this.pc = pc;
    pc.onnegotiationneeded = () => this.enqueue(() => this.offer());
    pc.onicecandidate = ({ candidate }) => {
      // The end-of-candidates marker is not needed: both sides keep checking what they have.
      if (!candidate) return;
      const { sdpMid, sdpMLineIndex, usernameFragment } = candidate;
      this.options.send({
        kind: 'candidate',
        candidate: { candidate: candidate.candidate, sdpMid, sdpMLineIndex, usernameFragment },
      });
    };
    pc.oniceconnectionstatechange = () => {
      // A network change broke the path: gather again and renegotiate, keeping the media.
      if (pc.iceConnectionState === 'failed') pc.restartIce();
    };
    pc.ontrack = ({ track, streams }) => this.addRemoteTrack(track, streams[0] ?? new MediaStream([track]));
  }

  /** Sends the track in place of what this kind sent before; a new kind is a new m-line (renegotiation). */
  setTrack(kind: LocalTrackKind, track: MediaStreamTrack | null): void {
    if (this.closed) return;
    const sender = this.senders.get(kind);
    if (sender) {
      void sender.replaceTrack(track).catch(reportError);
      return;
    }
    if (!track) return;
    const stream = kind === 'screen' ? this.options.screenStream : this.options.cameraStream;
    this.senders.set(kind, this.pc.addTrack(track, stream));
  }

  /** New ICE servers, for the next ICE restart. */
  setIceServers(iceServers: RTCIceServer[]): void {
    if (!this.closed) applyIceServers(this.pc, iceServers);
  }

  receive(payload: SignalPayload): void {
    this.enqueue(() => this.handle(payload));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.firstOfferTimer);
    clearTimeout(this.answerTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.close();
    this.camera = null;
    this.screen = null;
  }

  /**
   * Offers and incoming signals run one after another: an offer made while an incoming offer is
   * being answered would otherwise turn into a second answer, or an offer nobody expects.
   */
  private enqueue(task: () => Promise<void>) {
    this.queue = this.queue.then(task).catch(reportError);
  }

  private async offer() {
    // Answering put the connection back in step; if anything is still missing, it asks again.
    if (this.closed || this.pc.signalingState !== 'stable') return;
    if (this.options.polite && !this.pc.remoteDescription && !this.firstOfferWaited) {
      this.waitForFirstOffer();
      return;
    }
    await this.pc.setLocalDescription();
    this.sendDescription();
    this.expectAnswer();
  }

  /**
   * The polite side lets the other make the first offer: both offering at once is handled, but
   * Chromium sometimes stops gathering candidates after rolling back an offer mid-gathering, and
   * the connection never starts. If no offer comes in time, it offers itself.
   */
  private waitForFirstOffer() {
    if (this.firstOfferTimer) return;
    this.firstOfferTimer = setTimeout(() => {
      this.firstOfferWaited = true;
      this.enqueue(() => this.offer());
    }, FIRST_OFFER_WAIT_MS);
  }

  /** An offer whose answer never came (lost with a dropped socket) is taken back and made again. */
  private expectAnswer() {
    clearTimeout(this.answerTimer);
    this.answerTimer = setTimeout(() => {
      this.enqueue(async () => {
        if (this.closed || this.pc.signalingState !== 'have-local-offer') return;
        await this.pc.setLocalDescription({ type: 'rollback' });
        await this.offer();
      });
    }, ANSWER_WAIT_MS);
  }

  private async handle(payload: SignalPayload) {
    if (this.closed) return;
    const pc = this.pc;
    if (payload.kind === 'candidate') {
      if (!payload.candidate) return;
      try {
        await pc.addIceCandidate(payload.candidate);
      } catch (error) {
        // Candidates of an offer this side ignored cannot be added; any other failure is real.
        if (!this.ignoreOffer) throw error;
      }
      return;
    }
    const { description } = payload;
    // Offers are made only in turn with incoming signals, so a collision is an offer of mine pending.
    const collision = description.type === 'offer' && pc.signalingState !== 'stable';
    this.ignoreOffer = !this.options.polite && collision;
    if (this.ignoreOffer) return;
    // Setting a remote offer while mine is pending rolls mine back implicitly (the polite side).
    await pc.setRemoteDescription(description);
    if (description.type === 'offer') {
      await pc.setLocalDescription();
      this.sendDescription();
    }
  }

  private sendDescription() {
    const local = this.pc.localDescription;
    if (!local || this.closed) return;
    this.options.send({
      kind: 'description',
      description: { type: local.type, sdp: local.sdp },
    });
  }

  /**
   * The first stream the other side sends is their camera (audio and video share it); any other
   * stream is their screen. Both sides add the camera tracks when the connection is made, so the
   * camera always comes first.
   */
  private addRemoteTrack(track: MediaStreamTrack, stream: MediaStream) {
    this.cameraStreamId ??= stream.id;
    const isCamera = stream.id === this.cameraStreamId;
    this.remoteTracks.set(track.id, track.kind === 'audio' ? 'audio' : isCamera ? 'camera' : 'screen');
    if (isCamera) this.camera = stream;
    else this.screen = stream;
    this.options.onStreams();
  }
}

function reportError(error: unknown) {
  callSafely(() => {
    throw error;
  });
}
