import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CallSession } from './call/call-session';
import { listDevices, type MediaDevicesList } from './call/local-media';

const noDevices: MediaDevicesList = { microphones: [], cameras: [] };

/**
 * The microphones and cameras there are now: read once, then again whenever one is plugged in
 * or out (and when a menu opens, since names appear only once permission is given).
 */
export function useMediaDevices(): { devices: MediaDevicesList; refresh: () => void } {
  const [devices, setDevices] = useState(noDevices);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    listDevices().then(
      (list) => {
        if (current) setDevices(list);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [version]);
  useEffect(() => {
    const media = globalThis.navigator?.mediaDevices;
    const changed = () => setVersion((value) => value + 1);
    media?.addEventListener?.('devicechange', changed);
    return () => media?.removeEventListener?.('devicechange', changed);
  }, []);
  return { devices, refresh: () => setVersion((value) => value + 1) };
}

interface DeviceMenuProps {
  kind: 'audio' | 'video';
  devices: readonly MediaDeviceInfo[];
  /** What I send now: its track tells which device is in use. */
  localStream: MediaStream;
  session: Pick<CallSession, 'switchDevice'>;
  onOpen: () => void;
}

/** The small arrow beside the microphone or camera button: pick another device mid-call. */
export function DeviceMenu({ kind, devices, localStream, session, onOpen }: DeviceMenuProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [switching, setSwitching] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const [track] = kind === 'audio' ? localStream.getAudioTracks() : localStream.getVideoTracks();
  const inUse = track?.getSettings?.().deviceId;
  const label =
    kind === 'audio' ? t('meetings.controls.chooseMicrophone') : t('meetings.controls.chooseCamera');

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  if (devices.length === 0) return null;

  const choose = (deviceId: string) => {
    if (deviceId === inUse) {
      setOpen(false);
      return;
    }
    setFailed(false);
    setSwitching(deviceId);
    session.switchDevice(kind, deviceId).then(
      () => {
        setSwitching(null);
        setOpen(false);
      },
      () => {
        setSwitching(null);
        setFailed(true);
      },
    );
  };

  return (
    <div
      ref={root}
      className="relative -ml-3 self-end"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        title={label}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid={`${kind}-devices`}
        onClick={() => {
          if (!open) onOpen();
          setFailed(false);
          setOpen(!open);
        }}
        className="flex size-5 items-center justify-center rounded-full bg-slate-700 ring-2 ring-slate-950 hover:bg-slate-600 focus-visible:outline-2 focus-visible:outline-white"
      >
        <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-3.5">
          <path d="M5.3 12.7a1 1 0 0 1 0-1.4l4-4a1 1 0 0 1 1.4 0l4 4a1 1 0 0 1-1.4 1.4L10 9.4l-3.3 3.3a1 1 0 0 1-1.4 0Z" />
        </svg>
      </button>
      {open && (
        <div
          role="menu"
          aria-label={label}
          className="absolute bottom-8 left-1/2 z-20 w-64 -translate-x-1/2 rounded-lg bg-slate-800 py-1 shadow-lg"
        >
          {devices.map((device, index) => (
            <button
              key={device.deviceId}
              type="button"
              role="menuitemradio"
              aria-checked={device.deviceId === inUse}
              disabled={switching !== null}
              onClick={() => choose(device.deviceId)}
              className="flex w-full items-center gap-2 px-3 py-2 text-left text-sm hover:bg-slate-700 disabled:opacity-60"
            >
              <span aria-hidden="true" className="w-4 shrink-0 text-brand-300">
                {device.deviceId === inUse ? '✓' : ''}
              </span>
              <span className="truncate">
                {device.label || t('meetings.prejoin.deviceNumber', { number: index + 1 })}
              </span>
            </button>
          ))}
          {failed && (
            <p role="alert" className="mx-1 mt-1 rounded bg-red-700 px-2 py-1 text-sm">
              {t('meetings.controls.switchFailed')}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
