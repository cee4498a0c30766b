import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/ui/Alert';
import { CloseIcon } from '../../components/ui/icons';
import { type StayEnd } from './CallOverScreen';
import { CallControls, type CallPanel } from './CallControls';
import { type CallSession } from './call/call-session';
import { CallStage, type CallLayout } from './CallStage';
import { LockClosedIcon } from './meeting-icons';
import { MeetingChatPanel, MeetingChatProvider, useMeetingChatUnread } from './MeetingChatPanel';
import { ParticipantsPanel } from './ParticipantsPanel';

declare global {
  interface Window {
    /** Read-only view of the call for end-to-end tests: what each remote participant's media did. */
    __besedaCall?: { participantId: string; stats: () => Promise<Record<string, unknown>> };
  }
}

interface CallScreenProps {
  session: CallSession;
  code: string;
  onOver: (reason: StayEnd) => void;
}

/** The call: everyone's video, my controls, and the participants and chat panels. */
export function CallScreen({ session, code, onOver }: CallScreenProps) {
  const { t } = useTranslation();
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const [layout, setLayout] = useState<CallLayout>('grid');
  const [panel, setPanel] = useState<CallPanel | null>(null);
  const { meeting, live, ended } = snapshot;

  useEffect(() => {
    if (ended) onOver(ended);
  }, [ended, onOver]);

  useEffect(() => {
    window.__besedaCall = {
      participantId: session.getSnapshot().myId,
      stats: () => session.receivedCounters(),
    };
    return () => {
      delete window.__besedaCall;
    };
  }, [session]);

  const me = live.participants.find((participant) => participant.id === snapshot.myId);
  const moderator = me?.role === 'host' || me?.role === 'cohost';
  const togglePanel = (next: CallPanel) => setPanel((open) => (open === next ? null : next));
  const chatUnread = useMeetingChatUnread(meeting.chatId);

  return (
    <MeetingChatProvider chatId={meeting.chatId}>
      <div
        data-testid="call-screen"
        data-topology={live.topology}
        className="flex h-dvh flex-col bg-slate-950 text-white"
      >
        <header className="flex h-12 shrink-0 items-center gap-3 px-3 sm:px-4">
          <h1 className="min-w-0 truncate font-semibold" data-testid="meeting-title">
            {meeting.title}
          </h1>
          {live.locked && (
            <span
              className="flex items-center gap-1 text-xs text-amber-300"
              title={t('meetings.call.locked')}
            >
              <LockClosedIcon className="size-4" />
              <span className="hidden sm:inline">{t('meetings.call.locked')}</span>
            </span>
          )}
          <span className="ml-auto hidden text-sm text-slate-400 sm:inline">{code}</span>
        </header>

        {snapshot.moderated && (
          <Alert tone="warning" className="mx-3 mb-2 flex items-center gap-2 py-2">
            <span data-testid="moderated-notice" className="flex-1">
              {snapshot.moderated.audio
                ? t('meetings.call.mutedByHost')
                : snapshot.moderated.video
                  ? t('meetings.call.cameraStoppedByHost')
                  : t('meetings.call.handLoweredByHost')}
            </span>
            <button
              type="button"
              onClick={() => session.dismissModeration()}
              className="rounded p-1 hover:bg-amber-100"
              aria-label={t('common.close')}
            >
              <CloseIcon className="size-4" />
            </button>
          </Alert>
        )}

        <div className="flex min-h-0 flex-1">
          <CallStage snapshot={snapshot} layout={layout} onTileWidth={session.setTileWidth} />
          {panel === 'participants' && (
            <ParticipantsPanel
              meetingId={meeting.id}
              live={live}
              myId={snapshot.myId}
              lobby={snapshot.lobby}
              onClose={() => setPanel(null)}
            />
          )}
          {panel === 'chat' && <MeetingChatPanel chatId={meeting.chatId} onClose={() => setPanel(null)} />}
        </div>

        <CallControls
          snapshot={snapshot}
          session={session}
          layout={layout}
          onLayoutChange={setLayout}
          panel={panel}
          onTogglePanel={togglePanel}
          lobbyCount={moderator ? snapshot.lobby.length : 0}
          chatUnread={chatUnread}
        />
      </div>
    </MeetingChatProvider>
  );
}
