import { vi } from 'vitest';

let trackNumber = 0;

/** Enough of a MediaStreamTrack for the call code: kind, enabled, stop, the ended event. */
export class FakeTrack extends EventTarget {
  readonly id = `track-${(trackNumber += 1)}`;
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  constructor(readonly kind: 'audio' | 'video') {
    super();
  }
  stop() {
    this.readyState = 'ended';
  }
  getSettings() {
    return { deviceId: `${this.kind}-device-1` };
  }
}

/** Enough of a MediaStream: a list of tracks with an id. */
export class FakeMediaStream {
  readonly id = `stream-${(trackNumber += 1)}`;
  private readonly tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks() {
    return [...this.tracks];
  }
  getAudioTracks() {
    return this.tracks.filter((track) => track.kind === 'audio');
  }
  getVideoTracks() {
    return this.tracks.filter((track) => track.kind === 'video');
  }
  addTrack(track: FakeTrack) {
    this.tracks.push(track);
  }
  removeTrack(track: FakeTrack) {
    this.tracks.splice(this.tracks.indexOf(track), 1);
  }
}

export function fakeCameraStream(): MediaStream {
  return new FakeMediaStream([new FakeTrack('audio'), new FakeTrack('video')]) as unknown as MediaStream;
}

/** A browser with one microphone and one camera that always says yes (jsdom has neither). */
export function installFakeMedia() {
  vi.stubGlobal('MediaStream', FakeMediaStream);
  const getUserMedia = vi.fn(async () => fakeCameraStream());
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: {
      getUserMedia,
      enumerateDevices: async () => [
        { kind: 'audioinput', deviceId: 'audio-device-1', label: 'Desk microphone', groupId: '' },
        { kind: 'videoinput', deviceId: 'video-device-1', label: 'Desk camera', groupId: '' },
      ],
    },
  });
  return { getUserMedia };
}
