import { useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { SessionPending } from '../../auth/guards';
import { useSession } from '../../auth/useSession';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { Spinner } from '../../components/ui/Spinner';
import { RealtimeContext } from '../../realtime/realtime-context';
import { useMe } from '../account/me.api';
import { deviceOf } from '../account/user-agent';
import { CallOverScreen, type StayEnd } from './CallOverScreen';
import { CallScreen } from './CallScreen';
import { CallSession, type JoinedResponse } from './call/call-session';
import { GuestPreJoinScreen } from './guest/GuestPreJoinScreen';
import { SignalBuffer } from './call/signal-buffer';
import { LobbyScreen } from './LobbyScreen';
import { describeMeetingError } from './meeting-errors';
import {
  fetchLobby,
  joinMeeting,
  leaveMeeting,
  sendReaction,
  updateMyParticipant,
  useMeetingPreview,
} from './meetings.api';
import { PreJoinScreen } from './PreJoinScreen';
import { usePreviewMedia } from './usePreviewMedia';

type Phase =
  | { kind: 'prejoin' }
  | { kind: 'lobby'; meetingId: string; participantId: string; heartbeatIntervalMs: number }
  | { kind: 'call'; session: CallSession }
  | { kind: 'over'; reason: StayEnd };

const callApi = {
  join: joinMeeting,
  leave: leaveMeeting,
  updateMine: updateMyParticipant,
  react: sendReaction,
  fetchLobby,
};

/** How this browser is named in the meeting's attendance ("Chrome 156 on Linux"). */
function thisDevice(): string | undefined {
  const device = deviceOf(globalThis.navigator?.userAgent ?? null);
  if (!device) return undefined;
  return [device.browser, device.system].filter(Boolean).join(' · ');
}

/**
 * `/m/:code`: the join screen, the lobby, the call, and what is left when it ends. Open to people
 * who are not signed in: they get the guest join screen instead of the login page.
 */
export function MeetingRoute() {
  const { code = '' } = useParams();
  const { status } = useSession();
  if (status === 'unknown') return <SessionPending />;
  return <MeetingRoom key={code} code={code.trim().toLowerCase()} />;
}

function MeetingRoom({ code }: { code: string }) {
  const { t } = useTranslation();
  const preview = useMeetingPreview(code);
  usePageTitle(preview.data?.title ?? t('meetings.title'));
  const media = usePreviewMedia();
  const connection = useContext(RealtimeContext);
  const { status } = useSession();
  const me = useMe();
  // Someone without an account of their own: nothing outside this meeting is meant for them.
  const visitor = status === 'signedOut' || me.data?.role === 'guest';
  /** A guest who has just got their account: the join screen joins for them once it can. */
  const [guestJoin, setGuestJoin] = useState<{ passcode: string } | undefined>();
  const [audio, setAudio] = useState(true);
  const [video, setVideo] = useState(true);
  const [phase, setPhase] = useState<Phase>({ kind: 'prejoin' });
  /** Ends the stay in progress (lobby or call) when the page goes away. */
  const leaveStay = useRef<(() => void) | null>(null);
  const signals = useRef<SignalBuffer | null>(null);

  useEffect(() => {
    if (!connection) return;
    const buffer = new SignalBuffer(connection);
    signals.current = buffer;
    return () => buffer.close();
  }, [connection]);

  useEffect(() => {
    const onPageHide = () => leaveStay.current?.();
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      // Deferred, so that React's development double mount (unmount, mount again) does not leave.
      const pending = leaveStay.current;
      setTimeout(() => {
        if (leaveStay.current === pending) pending?.();
      });
    };
  }, []);

  const startCall = (joined: JoinedResponse) => {
    if (!connection || !media.stream) return;
    const session = new CallSession({
      ref: code,
      joined,
      connection,
      api: callApi,
      localStream: media.stream,
      audio,
      video,
      earlySignals: signals.current?.take(joined.meeting.id, joined.participantId),
    });
    leaveStay.current = () => void session.leave(true);
    setPhase({ kind: 'call', session });
  };

  const enterLobby = (meetingId: string, participantId: string, heartbeatIntervalMs: number) => {
    leaveStay.current = () => void leaveMeeting(meetingId, participantId, true).catch(() => undefined);
    setPhase({ kind: 'lobby', meetingId, participantId, heartbeatIntervalMs });
  };

  const over = (reason: StayEnd) => {
    leaveStay.current = null;
    setPhase({ kind: 'over', reason });
  };

  if (preview.isPending) {
    return (
      <div role="status" className="flex h-dvh items-center justify-center gap-2 bg-slate-950 text-slate-300">
        <Spinner /> {t('common.loading')}
      </div>
    );
  }
  if (preview.isError) {
    return (
      <div className="flex h-dvh flex-col items-center justify-center gap-4 bg-slate-950 px-4 text-center text-white">
        <p data-testid="meeting-error" className="max-w-sm">
          {describeMeetingError(t, preview.error)}
        </p>
        {!visitor && (
          <Link to="/meetings" className="text-sm font-medium text-brand-300 hover:underline">
            {t('meetings.backToMeetings')}
          </Link>
        )}
      </div>
    );
  }

  /** The camera check both join screens share. */
  const mediaProps = { media, audio, video, onAudioChange: setAudio, onVideoChange: setVideo };
  switch (phase.kind) {
    case 'prejoin':
      if (status === 'signedOut') {
        return (
          <GuestPreJoinScreen
            code={code}
            preview={preview.data}
            {...mediaProps}
            onSignedIn={(passcode) => setGuestJoin({ passcode })}
          />
        );
      }
      return (
        <PreJoinScreen
          preview={preview.data}
          {...mediaProps}
          ready={connection !== null && media.stream !== null}
          autoJoin={guestJoin}
          join={(passcode) =>
            joinMeeting(code, {
              passcode: passcode || undefined,
              audio,
              video,
              device: thisDevice(),
            })
          }
          onJoined={(answer) => {
            // Once only: coming back to this screen (leaving the lobby) must not join again by itself.
            setGuestJoin(undefined);
            if (answer.state === 'joined') startCall(answer);
            else enterLobby(answer.meeting.id, answer.participantId, answer.heartbeatIntervalMs);
          }}
        />
      );
    case 'lobby':
      return (
        <LobbyScreen
          title={preview.data.title}
          code={code}
          meetingId={phase.meetingId}
          participantId={phase.participantId}
          heartbeatIntervalMs={phase.heartbeatIntervalMs}
          audio={audio}
          video={video}
          onAdmitted={startCall}
          onDenied={() => over('denied')}
          onCancel={() => {
            leaveStay.current?.();
            leaveStay.current = null;
            setPhase({ kind: 'prejoin' });
          }}
        />
      );
    case 'call':
      return <CallScreen session={phase.session} code={code} onOver={over} />;
    case 'over':
      return (
        <CallOverScreen
          reason={phase.reason}
          visitor={visitor}
          onRejoin={() => {
            media.restart();
            setPhase({ kind: 'prejoin' });
          }}
        />
      );
  }
}
