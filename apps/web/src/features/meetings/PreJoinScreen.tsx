import { type JoinMeetingResponse } from '@beseda/protocol';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { SelectField, TextField } from '../../components/ui/fields';
import { VideoIcon } from '../../components/ui/icons';
import { CameraOffIcon, MicIcon, MicOffIcon } from './meeting-icons';
import { describeMediaProblem, describeMeetingError } from './meeting-errors';
import { type usePreviewMedia } from './usePreviewMedia';
import { StreamVideo } from './VideoTile';

/** The camera and microphone as the join screens show them, and the switches for them. */
export interface PreJoinMediaProps {
  media: ReturnType<typeof usePreviewMedia>;
  audio: boolean;
  video: boolean;
  onAudioChange: (on: boolean) => void;
  onVideoChange: (on: boolean) => void;
}

interface PreJoinScreenProps extends PreJoinMediaProps {
  preview: components['schemas']['MeetingPreview'];
  /** The devices are open and the realtime connection exists. */
  ready: boolean;
  join: (passcode: string) => Promise<JoinMeetingResponse>;
  onJoined: (answer: JoinMeetingResponse) => void;
  /** Join by itself as soon as ready, with this passcode: a guest who has just got their account. */
  autoJoin?: { passcode: string } | undefined;
}

/** Check the camera and microphone, pick devices, give the passcode, join. */
export function PreJoinScreen({
  preview,
  ready,
  join,
  onJoined,
  autoJoin,
  ...mediaProps
}: PreJoinScreenProps) {
  const { t } = useTranslation();
  const [passcode, setPasscode] = useState(autoJoin?.passcode ?? '');
  const joining = useMutation({ mutationFn: join, onSuccess: onJoined });
  const closed = preview.status === 'cancelled';
  const startJoin = joining.mutate;
  const autoJoinStarted = useRef(false);

  useEffect(() => {
    if (!autoJoin || !ready || autoJoinStarted.current) return;
    autoJoinStarted.current = true;
    startJoin(autoJoin.passcode);
  }, [autoJoin, ready, startJoin]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    joining.mutate(passcode.trim());
  };

  return (
    <PreJoinLayout title={preview.title} onSubmit={submit} testId="prejoin" {...mediaProps}>
      {preview.hasPasscode && (
        <TextField
          label={t('meetings.prejoin.passcode')}
          value={passcode}
          onChange={(event) => setPasscode(event.target.value)}
          autoComplete="off"
          required
        />
      )}
      {closed && <Alert tone="info">{t('meetings.errors.closed')}</Alert>}
      {joining.isError && (
        <Alert tone="error">
          <span data-testid="join-error">{describeMeetingError(t, joining.error)}</span>
        </Alert>
      )}
      <Button
        type="submit"
        className="w-full"
        pending={joining.isPending || (autoJoin !== undefined && joining.isIdle)}
        disabled={!ready || closed}
      >
        {t('meetings.prejoin.join')}
      </Button>
    </PreJoinLayout>
  );
}

interface PreJoinLayoutProps extends PreJoinMediaProps {
  title: string;
  onSubmit: (event: FormEvent) => void;
  testId: string;
  /** The form's own fields, messages and button, below the device choice. */
  children: ReactNode;
}

/**
 * What every join screen shares: the camera preview with its switches, and a form that names the
 * meeting and offers the devices. The guest screen fills the form with its own fields.
 */
export function PreJoinLayout({
  title,
  onSubmit,
  testId,
  children,
  media,
  audio,
  video,
  onAudioChange,
  onVideoChange,
}: PreJoinLayoutProps) {
  const { t } = useTranslation();
  const hasAudio = (media.stream?.getAudioTracks().length ?? 0) > 0;
  const hasVideo = (media.stream?.getVideoTracks().length ?? 0) > 0;

  return (
    <div className="min-h-dvh bg-slate-950 px-4 py-6 text-white sm:py-10">
      <div className="mx-auto grid max-w-5xl gap-6 md:grid-cols-[3fr_2fr] md:items-center">
        <div className="relative aspect-video overflow-hidden rounded-xl bg-slate-800">
          {media.stream && hasVideo && (
            <StreamVideo stream={media.stream} muted mirror className={video ? '' : 'invisible'} />
          )}
          {(!video || !hasVideo) && (
            <div className="absolute inset-0 flex items-center justify-center text-slate-400">
              <CameraOffIcon className="size-10" />
            </div>
          )}
          <div className="absolute inset-x-0 bottom-3 flex justify-center gap-3">
            <RoundToggle
              on={audio && hasAudio}
              disabled={!hasAudio}
              label={audio ? t('meetings.controls.micOff') : t('meetings.controls.micOn')}
              onClick={() => onAudioChange(!audio)}
            >
              {audio && hasAudio ? <MicIcon /> : <MicOffIcon />}
            </RoundToggle>
            <RoundToggle
              on={video && hasVideo}
              disabled={!hasVideo}
              label={video ? t('meetings.controls.cameraOff') : t('meetings.controls.cameraOn')}
              onClick={() => onVideoChange(!video)}
            >
              {video && hasVideo ? <VideoIcon /> : <CameraOffIcon />}
            </RoundToggle>
          </div>
        </div>

        <form
          onSubmit={onSubmit}
          className="space-y-4 rounded-xl bg-white p-5 text-slate-900"
          data-testid={testId}
        >
          <div>
            <p className="text-sm text-slate-500">{t('meetings.prejoin.joining')}</p>
            <h1 className="text-xl font-semibold break-words" data-testid="meeting-title">
              {title}
            </h1>
          </div>
          {media.problem && <Alert tone="warning">{describeMediaProblem(t, media.problem)}</Alert>}
          {media.devices.microphones.length > 0 && (
            <SelectField
              label={t('meetings.prejoin.microphone')}
              value={media.microphoneId}
              onChange={(event) => media.chooseMicrophone(event.target.value)}
            >
              {media.devices.microphones.map((device, index) => (
                <option key={device.deviceId} value={device.deviceId}>
                  {device.label || t('meetings.prejoin.deviceNumber', { number: index + 1 })}
                </option>
              ))}
            </SelectField>
          )}
          {media.devices.cameras.length > 0 && (
            <SelectField
              label={t('meetings.prejoin.camera')}
              value={media.cameraId}
              onChange={(event) => media.chooseCamera(event.target.value)}
            >
              {media.devices.cameras.map((device, index) => (
                <option key={device.deviceId} value={device.deviceId}>
                  {device.label || t('meetings.prejoin.deviceNumber', { number: index + 1 })}
                </option>
              ))}
            </SelectField>
          )}
          {children}
        </form>
      </div>
    </div>
  );
}

interface RoundToggleProps {
  on: boolean;
  label: string;
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
}

function RoundToggle({ on, label, onClick, disabled = false, children }: RoundToggleProps) {
  return (
    <button
      type="button"
      title={label}
      aria-label={label}
      disabled={disabled}
      onClick={onClick}
      className={`flex size-11 items-center justify-center rounded-full focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:opacity-50 ${on ? 'bg-slate-700/80 text-white hover:bg-slate-600' : 'bg-red-600 text-white hover:bg-red-500'}`}
    >
      {children}
    </button>
  );
}
