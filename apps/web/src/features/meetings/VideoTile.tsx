import { type MeetingParticipant } from '@beseda/protocol';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../account/Avatar';
import { type ConnectionQuality } from './call/connection-quality';
import { HandIcon, MicOffIcon, SignalBars } from './meeting-icons';

interface StreamVideoProps {
  stream: MediaStream;
  muted?: boolean;
  /** My own camera is shown as in a mirror, as people expect of a self view. */
  mirror?: boolean;
  fit?: 'cover' | 'contain';
  className?: string;
}

/** A media element playing a stream; remote sound plays through it too (it is never display: none). */
export function StreamVideo({
  stream,
  muted = false,
  mirror = false,
  fit = 'cover',
  className = '',
}: StreamVideoProps) {
  return (
    <video
      ref={(element) => {
        if (element && element.srcObject !== stream) element.srcObject = stream;
      }}
      autoPlay
      playsInline
      muted={muted}
      className={`absolute inset-0 size-full ${fit === 'cover' ? 'object-cover' : 'object-contain'} ${mirror ? '-scale-x-100' : ''} ${className}`}
    />
  );
}

const qualityLevel: Record<ConnectionQuality, 0 | 1 | 2 | 3> = { unknown: 0, poor: 1, fair: 2, good: 3 };
const qualityColour: Record<ConnectionQuality, string> = {
  unknown: 'text-slate-400',
  poor: 'text-red-400',
  fair: 'text-amber-300',
  good: 'text-emerald-400',
};

export interface TileModel {
  key: string;
  kind: 'camera' | 'screen';
  participant: MeetingParticipant;
  stream: MediaStream | null;
  isMe: boolean;
  /** Whether the camera is on (for a camera tile); a screen tile always shows video. */
  videoOn: boolean;
  audioOn: boolean;
  quality: ConnectionQuality | null;
}

interface VideoTileProps {
  tile: TileModel;
  speaking: boolean;
  className?: string;
  /** Told how wide another person's camera is shown, whenever that changes. */
  onWidth?: ((participantId: string, width: number) => void) | undefined;
}

/** Reports the element's width to `onWidth` as it changes (for a remote camera tile only). */
function useReportedWidth(participantId: string, enabled: boolean, onWidth: VideoTileProps['onWidth']) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!enabled || !onWidth || !element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) onWidth(participantId, Math.round(entry.contentRect.width * devicePixelRatio));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [participantId, enabled, onWidth]);
  return ref;
}

/** One person's camera (or their avatar when it is off), or one shared screen, with name and status. */
export function VideoTile({ tile, speaking, className = '', onWidth }: VideoTileProps) {
  const { t } = useTranslation();
  const { participant } = tile;
  const ref = useReportedWidth(participant.id, !tile.isMe && tile.kind === 'camera', onWidth);
  const name = tile.isMe
    ? t('meetings.call.you', { name: participant.displayName })
    : participant.displayName;
  const label =
    tile.kind === 'screen' ? t('meetings.call.screenOf', { name: participant.displayName }) : name;
  const showVideo = tile.stream !== null && tile.videoOn;
  return (
    <div
      ref={ref}
      data-testid="call-tile"
      data-participant-id={participant.id}
      data-kind={tile.kind}
      aria-label={label}
      role="group"
      className={`relative min-h-0 overflow-hidden rounded-lg bg-slate-800 ring-2 transition-shadow ${speaking ? 'ring-emerald-400' : 'ring-transparent'} ${className}`}
    >
      {tile.stream && (
        <StreamVideo
          stream={tile.stream}
          muted={tile.isMe || tile.kind === 'screen'}
          mirror={tile.isMe && tile.kind === 'camera'}
          fit={tile.kind === 'screen' ? 'contain' : 'cover'}
          className={showVideo ? '' : 'opacity-0'}
        />
      )}
      {!showVideo && (
        <div className="absolute inset-0 flex items-center justify-center">
          <Avatar displayName={participant.displayName} avatarUrl={null} size="lg" />
        </div>
      )}
      <div className="absolute inset-x-2 bottom-2 flex items-center gap-1.5">
        <span className="flex min-w-0 items-center gap-1.5 rounded bg-slate-950/70 px-2 py-1 text-xs font-medium text-white">
          {tile.kind === 'camera' && !tile.audioOn && (
            <>
              <MicOffIcon className="size-4 shrink-0 text-red-400" />
              <span className="sr-only">{t('meetings.call.muted')}</span>
            </>
          )}
          <span className="truncate">{label}</span>
        </span>
        {tile.kind === 'camera' && participant.handRaised && (
          <span className="rounded bg-amber-400 p-1 text-slate-950" title={t('meetings.call.handRaised')}>
            <HandIcon className="size-4" />
            <span className="sr-only">{t('meetings.call.handRaised')}</span>
          </span>
        )}
      </div>
      {tile.quality && tile.kind === 'camera' && (
        <span
          className={`absolute top-2 right-2 rounded bg-slate-950/70 p-1 ${qualityColour[tile.quality]}`}
          title={t(`meetings.quality.${tile.quality}`)}
          data-testid="tile-quality"
          data-quality={tile.quality}
        >
          <SignalBars level={qualityLevel[tile.quality]} />
          <span className="sr-only">{t(`meetings.quality.${tile.quality}`)}</span>
        </span>
      )}
    </div>
  );
}
