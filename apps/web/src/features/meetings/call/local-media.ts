/** Why the camera or microphone could not be used. */
export type MediaProblem = 'denied' | 'notFound' | 'inUse' | 'unsupported';

export interface DeviceChoice {
  audioDeviceId?: string | undefined;
  videoDeviceId?: string | undefined;
}

export interface LocalCapture {
  stream: MediaStream;
  /** Set when one or both kinds could not be had; the stream holds what could. */
  problem: MediaProblem | null;
}

function problemOf(error: unknown): MediaProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'notFound';
  if (name === 'NotReadableError' || name === 'AbortError') return 'inUse';
  return 'unsupported';
}

function constraint(deviceId: string | undefined): MediaTrackConstraints | boolean {
  return deviceId ? { deviceId: { exact: deviceId } } : true;
}

/**
 * Opens the microphone and camera. Without a camera (or without permission for it) the call
 * goes on with sound only, and the other way round; the problem is reported, not thrown.
 */
export async function captureLocalMedia(choice: DeviceChoice = {}): Promise<LocalCapture> {
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices?.getUserMedia) return { stream: new MediaStream(), problem: 'unsupported' };
  const audio = constraint(choice.audioDeviceId);
  const video = constraint(choice.videoDeviceId);
  try {
    return { stream: await devices.getUserMedia({ audio, video }), problem: null };
  } catch (bothFailed) {
    for (const only of [{ audio }, { video }]) {
      try {
        return { stream: await devices.getUserMedia(only), problem: problemOf(bothFailed) };
      } catch {
        // Try the other kind alone.
      }
    }
    return { stream: new MediaStream(), problem: problemOf(bothFailed) };
  }
}

export interface MediaDevicesList {
  microphones: MediaDeviceInfo[];
  cameras: MediaDeviceInfo[];
}

/** The microphones and cameras (with names once permission was given). */
export async function listDevices(): Promise<MediaDevicesList> {
  const all = (await globalThis.navigator?.mediaDevices?.enumerateDevices?.()) ?? [];
  return {
    microphones: all.filter((device) => device.kind === 'audioinput' && device.deviceId),
    cameras: all.filter((device) => device.kind === 'videoinput' && device.deviceId),
  };
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
