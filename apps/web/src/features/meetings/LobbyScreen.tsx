import { useContext, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button';
import { Spinner } from '../../components/ui/Spinner';
import { useRealtimeEvent, useRealtimeResync } from '../../realtime/realtime-hooks';
import { RealtimeContext } from '../../realtime/realtime-context';
import { type JoinedResponse } from './call/call-session';
import { joinMeeting } from './meetings.api';

interface LobbyScreenProps {
  title: string;
  code: string;
  meetingId: string;
  participantId: string;
  heartbeatIntervalMs: number;
  audio: boolean;
  video: boolean;
  onAdmitted: (joined: JoinedResponse) => void;
  onDenied: () => void;
  onCancel: () => void;
}

/**
 * Waiting to be let in: keeps the wait alive with heartbeats, and joins as soon as a host admits
 * (`meeting.admitted`, or a check after lost events finds the stay already admitted).
 */
export function LobbyScreen({
  title,
  code,
  meetingId,
  participantId,
  heartbeatIntervalMs,
  audio,
  video,
  onAdmitted,
  onDenied,
  onCancel,
}: LobbyScreenProps) {
  const { t } = useTranslation();
  const connection = useContext(RealtimeContext);

  useEffect(() => {
    if (!connection) return;
    const timer = setInterval(() => {
      connection.request('meeting.heartbeat', { meetingId, participantId }).catch(() => {
        // Offline for a moment: the next beat tries again.
      });
    }, heartbeatIntervalMs);
    return () => clearInterval(timer);
  }, [connection, meetingId, participantId, heartbeatIntervalMs]);

  const check = () => {
    joinMeeting(code, { participantId, audio, video }).then(
      (answer) => {
        if (answer.state === 'joined') onAdmitted(answer);
      },
      // Turned away meanwhile: the stay is no longer waiting.
      () => onDenied(),
    );
  };

  useRealtimeEvent('meeting.admitted', (event) => {
    if (event.participantId === participantId) check();
  });
  useRealtimeEvent('meeting.denied', (event) => {
    if (event.participantId === participantId) onDenied();
  });
  useRealtimeResync(check);

  return (
    <div className="flex h-dvh flex-col items-center justify-center gap-5 bg-slate-950 px-4 text-center text-white">
      <Spinner className="size-8 text-brand-300" />
      <div data-testid="lobby">
        <h1 className="text-xl font-semibold">{title}</h1>
        <p className="mt-2 text-slate-300">{t('meetings.lobby.waiting')}</p>
      </div>
      <Button variant="secondary" onClick={onCancel}>
        {t('meetings.lobby.cancel')}
      </Button>
    </div>
  );
}
