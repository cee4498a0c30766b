import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChatIcon, VideoIcon } from '../../components/ui/icons';
import { PeopleIcon, SmileIcon } from '../chats/chat-icons';
import { type CallSession, type CallSnapshot } from './call/call-session';
import { type CallLayout } from './CallStage';
import { DeviceMenu, useMediaDevices } from './DeviceMenu';
import {
  CameraOffIcon,
  GridIcon,
  HandIcon,
  MicIcon,
  MicOffIcon,
  PhoneDownIcon,
  ScreenIcon,
  SpeakerLayoutIcon,
} from './meeting-icons';

export type CallPanel = 'participants' | 'chat';

const REACTIONS = ['👍', '👏', '😂', '🎉', '❤️', '😮'];

interface CallControlsProps {
  snapshot: CallSnapshot;
  session: CallSession;
  layout: CallLayout;
  onLayoutChange: (layout: CallLayout) => void;
  panel: CallPanel | null;
  onTogglePanel: (panel: CallPanel) => void;
  /** People waiting in the lobby, for a moderator's badge. */
  lobbyCount: number;
  /** Unread messages in the meeting's chat, for a badge while its panel is closed. */
  chatUnread?: number;
}

/** The bar under the call: my microphone, camera, screen, hand, reactions, layout, panels, leave. */
export function CallControls({
  snapshot,
  session,
  layout,
  onLayoutChange,
  panel,
  onTogglePanel,
  lobbyCount,
  chatUnread = 0,
}: CallControlsProps) {
  const { t } = useTranslation();
  const { devices, refresh: refreshDevices } = useMediaDevices();
  const unread = panel === 'chat' ? 0 : chatUnread;
  const [reactionsOpen, setReactionsOpen] = useState(false);
  const [shareFailed, setShareFailed] = useState(false);
  const hasAudio = snapshot.localStream.getAudioTracks().length > 0;
  const hasVideo = snapshot.localStream.getVideoTracks().length > 0;
  const canShare = typeof navigator !== 'undefined' && 'getDisplayMedia' in (navigator.mediaDevices ?? {});

  return (
    <footer className="relative flex shrink-0 flex-wrap items-center justify-center gap-2 px-2 py-3 sm:gap-3">
      {shareFailed && (
        <p role="alert" className="absolute -top-8 rounded bg-red-700 px-3 py-1 text-sm">
          {t('meetings.controls.shareFailed')}
        </p>
      )}
      <div className="flex">
        <ControlButton
          label={snapshot.audio ? t('meetings.controls.micOff') : t('meetings.controls.micOn')}
          warn={!snapshot.audio}
          disabled={!hasAudio}
          onClick={() => session.setAudio(!snapshot.audio)}
          testId="toggle-mic"
        >
          {snapshot.audio ? <MicIcon /> : <MicOffIcon />}
        </ControlButton>
        <DeviceMenu
          kind="audio"
          devices={devices.microphones}
          localStream={snapshot.localStream}
          session={session}
          onOpen={refreshDevices}
        />
      </div>
      <div className="flex">
        <ControlButton
          label={snapshot.video ? t('meetings.controls.cameraOff') : t('meetings.controls.cameraOn')}
          warn={!snapshot.video}
          disabled={!hasVideo}
          onClick={() => session.setVideo(!snapshot.video)}
          testId="toggle-camera"
        >
          {snapshot.video ? <VideoIcon /> : <CameraOffIcon />}
        </ControlButton>
        <DeviceMenu
          kind="video"
          devices={devices.cameras}
          localStream={snapshot.localStream}
          session={session}
          onOpen={refreshDevices}
        />
      </div>
      {canShare && (
        <ControlButton
          label={snapshot.screen ? t('meetings.controls.stopShare') : t('meetings.controls.share')}
          active={snapshot.screen !== null}
          onClick={() => {
            setShareFailed(false);
            if (snapshot.screen) session.stopScreenShare();
            else
              session.startScreenShare().catch((error: unknown) => {
                // Closing the browser's picker is a choice, not a failure.
                if ((error as { name?: string } | null)?.name !== 'NotAllowedError') setShareFailed(true);
              });
          }}
          testId="toggle-screen"
        >
          <ScreenIcon />
        </ControlButton>
      )}
      <ControlButton
        label={snapshot.handRaised ? t('meetings.controls.lowerHand') : t('meetings.controls.raiseHand')}
        active={snapshot.handRaised}
        onClick={() => session.setHandRaised(!snapshot.handRaised)}
        testId="toggle-hand"
      >
        <HandIcon />
      </ControlButton>
      <div className="relative">
        <ControlButton
          label={t('meetings.controls.react')}
          pressed={reactionsOpen}
          onClick={() => setReactionsOpen((open) => !open)}
        >
          <SmileIcon />
        </ControlButton>
        {reactionsOpen && (
          <div
            role="group"
            aria-label={t('meetings.controls.react')}
            className="absolute bottom-14 left-1/2 z-20 flex -translate-x-1/2 gap-1 rounded-full bg-slate-800 p-1.5 shadow-lg"
          >
            {REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                className="rounded-full px-2 py-1 text-xl hover:bg-slate-700"
                onClick={() => {
                  session.react(emoji);
                  setReactionsOpen(false);
                }}
              >
                {emoji}
              </button>
            ))}
          </div>
        )}
      </div>
      <ControlButton
        label={layout === 'grid' ? t('meetings.controls.speakerLayout') : t('meetings.controls.gridLayout')}
        onClick={() => onLayoutChange(layout === 'grid' ? 'speaker' : 'grid')}
        testId="toggle-layout"
        wideOnly
      >
        {layout === 'grid' ? <SpeakerLayoutIcon /> : <GridIcon />}
      </ControlButton>
      <ControlButton
        label={t('meetings.controls.participants')}
        pressed={panel === 'participants'}
        onClick={() => onTogglePanel('participants')}
        testId="toggle-participants"
        badge={lobbyCount > 0 ? lobbyCount : undefined}
        badgeTestId="lobby-badge"
      >
        <PeopleIcon />
      </ControlButton>
      <ControlButton
        label={
          unread > 0 ? t('meetings.controls.chatUnread', { count: unread }) : t('meetings.controls.chat')
        }
        pressed={panel === 'chat'}
        onClick={() => onTogglePanel('chat')}
        testId="toggle-chat"
        badge={unread > 0 ? unread : undefined}
        badgeTestId="chat-unread-badge"
      >
        <ChatIcon />
      </ControlButton>
      <button
        type="button"
        data-testid="leave-call"
        onClick={() => void session.leave()}
        className="flex h-11 items-center gap-2 rounded-full bg-red-600 px-4 text-sm font-medium hover:bg-red-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
      >
        <PhoneDownIcon />
        <span className="hidden sm:inline">{t('meetings.controls.leave')}</span>
        <span className="sr-only sm:hidden">{t('meetings.controls.leave')}</span>
      </button>
    </footer>
  );
}

interface ControlButtonProps {
  label: string;
  onClick: () => void;
  children: ReactNode;
  pressed?: boolean;
  /** Something is off that is usually on (microphone, camera): shown in red. */
  warn?: boolean;
  /** Something is on that is usually off (sharing, hand up): shown highlighted. */
  active?: boolean;
  disabled?: boolean;
  badge?: number | undefined;
  badgeTestId?: string;
  testId?: string;
  wideOnly?: boolean;
}

function ControlButton({
  label,
  onClick,
  children,
  pressed,
  warn = false,
  active = false,
  disabled = false,
  badge,
  badgeTestId,
  testId,
  wideOnly = false,
}: ControlButtonProps) {
  const colour = warn
    ? 'bg-red-600 hover:bg-red-500'
    : active
      ? 'bg-brand-500 hover:bg-brand-400'
      : 'bg-slate-800 hover:bg-slate-700';
  return (
    <button
      type="button"
      title={label}
      aria-label={label}
      aria-pressed={pressed}
      data-testid={testId}
      disabled={disabled}
      onClick={onClick}
      className={`relative size-11 items-center justify-center rounded-full focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:opacity-40 ${wideOnly ? 'hidden sm:flex' : 'flex'} ${colour}`}
    >
      {children}
      {badge !== undefined && (
        <span
          data-testid={badgeTestId}
          aria-hidden="true"
          className="absolute -top-1 -right-1 flex min-w-5 items-center justify-center rounded-full bg-amber-400 px-1 text-xs font-semibold text-slate-950"
        >
          {badge}
        </span>
      )}
    </button>
  );
}
