import { useEffect, useState } from 'react';
import {
  captureLocalMedia,
  type DeviceChoice,
  listDevices,
  type LocalCapture,
  type MediaDevicesList,
  stopStream,
} from './call/local-media';

const noDevices: MediaDevicesList = { microphones: [], cameras: [] };

/**
 * My microphone and camera for the join screen, opened again when another device is chosen.
 * The same stream goes on into the call (which stops it when the call ends); leaving the page
 * stops it too.
 */
export function usePreviewMedia() {
  const [choice, setChoice] = useState<DeviceChoice>({});
  const [capture, setCapture] = useState<LocalCapture | null>(null);
  const [devices, setDevices] = useState<MediaDevicesList>(noDevices);

  useEffect(() => {
    let cancelled = false;
    let captured: MediaStream | null = null;
    void captureLocalMedia(choice).then(async (result) => {
      if (cancelled) {
        stopStream(result.stream);
        return;
      }
      captured = result.stream;
      setCapture(result);
      // Device names are only given once a device was allowed.
      const list = await listDevices().catch(() => noDevices);
      if (!cancelled) setDevices(list);
    });
    return () => {
      cancelled = true;
      stopStream(captured);
    };
  }, [choice]);

  const selected = (kind: 'audio' | 'video') =>
    (kind === 'audio'
      ? capture?.stream.getAudioTracks()[0]
      : capture?.stream.getVideoTracks()[0]
    )?.getSettings?.().deviceId;

  return {
    stream: capture?.stream ?? null,
    problem: capture?.problem ?? null,
    devices,
    microphoneId: choice.audioDeviceId ?? selected('audio') ?? '',
    cameraId: choice.videoDeviceId ?? selected('video') ?? '',
    chooseMicrophone: (audioDeviceId: string) => setChoice((current) => ({ ...current, audioDeviceId })),
    chooseCamera: (videoDeviceId: string) => setChoice((current) => ({ ...current, videoDeviceId })),
    /** Opens the devices again (after a call stopped them). */
    restart: () => setChoice((current) => ({ ...current })),
  };
}
