import { type LobbyEntry, type MeetingParticipant, type MeetingState } from '@beseda/protocol';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { RowActionMenu } from '../../components/ui/RowActionMenu';
import { VideoIcon } from '../../components/ui/icons';
import { Avatar } from '../account/Avatar';
import { ConfirmDialog } from '../chats/dialogs/ConfirmDialog';
import { SidePanel } from '../chats/SidePanel';
import { describeMeetingError } from './meeting-errors';
import { CameraOffIcon, HandIcon, LockClosedIcon, MicIcon, MicOffIcon } from './meeting-icons';
import { useHostActions } from './meetings.api';
import { actionsFor, type ParticipantAction } from './participant-actions';

interface ParticipantsPanelProps {
  meetingId: string;
  live: MeetingState;
  myId: string;
  lobby: readonly LobbyEntry[];
  onClose: () => void;
}

type Confirmation = { kind: 'remove' | 'makeHost'; participant: MeetingParticipant } | { kind: 'end' } | null;

/** Who is in the meeting and who waits; for hosts and co-hosts, their controls. */
export function ParticipantsPanel({ meetingId, live, myId, lobby, onClose }: ParticipantsPanelProps) {
  const { t } = useTranslation();
  const host = useHostActions(meetingId);
  const [confirming, setConfirming] = useState<Confirmation>(null);
  const myRole = live.participants.find((participant) => participant.id === myId)?.role;
  const moderator = myRole === 'host' || myRole === 'cohost';
  const failed = [host.moderate, host.remove, host.decide, host.lock, host.end, host.handOver].find(
    (mutation) => mutation.isError,
  );

  const act = (participant: MeetingParticipant, action: ParticipantAction) => {
    const participantId = participant.id;
    switch (action) {
      case 'mute':
        return host.moderate.mutate({ participantId, changes: { audio: false } });
      case 'stopVideo':
        return host.moderate.mutate({ participantId, changes: { video: false } });
      case 'lowerHand':
        return host.moderate.mutate({ participantId, changes: { handRaised: false } });
      case 'makeCohost':
        return host.moderate.mutate({ participantId, changes: { role: 'cohost' } });
      case 'unmakeCohost':
        return host.moderate.mutate({ participantId, changes: { role: 'participant' } });
      case 'makeHost':
      case 'remove':
        return setConfirming({ kind: action, participant });
    }
  };

  const footer = moderator && (
    <div className="flex shrink-0 flex-col gap-2 border-t border-slate-200 p-3 sm:flex-row">
      <Button
        variant="secondary"
        className="flex-1"
        pending={host.lock.isPending}
        onClick={() => host.lock.mutate(!live.locked)}
        data-testid="lock-meeting"
      >
        <LockClosedIcon className="size-4" />
        {live.locked ? t('meetings.participants.unlock') : t('meetings.participants.lock')}
      </Button>
      <Button
        variant="danger"
        className="flex-1"
        onClick={() => setConfirming({ kind: 'end' })}
        data-testid="end-meeting"
      >
        {t('meetings.participants.endForAll')}
      </Button>
    </div>
  );

  return (
    <SidePanel
      id="meeting-participants"
      testId="participants-panel"
      title={t('meetings.participants.title', { count: live.participants.length })}
      closeLabel={t('common.close')}
      onClose={onClose}
      widthClass="md:w-80"
      footer={footer}
    >
      <div className="text-slate-900">
        {failed && (
          <Alert tone="error" className="mb-2">
            {describeMeetingError(t, failed.error)}
          </Alert>
        )}
        {moderator && lobby.length > 0 && (
          <section aria-labelledby="meeting-lobby-title" className="mb-3" data-testid="lobby-list">
            <h3 id="meeting-lobby-title" className="px-2 py-1 text-xs font-semibold text-slate-500 uppercase">
              {t('meetings.participants.waiting', { count: lobby.length })}
            </h3>
            <ul>
              {lobby.map((entry) => (
                <li
                  key={entry.participantId}
                  className="flex items-center gap-2 rounded-md px-2 py-1.5"
                  data-testid="lobby-entry"
                >
                  <Avatar displayName={entry.displayName} avatarUrl={null} />
                  <span className="min-w-0 flex-1 truncate text-sm">{entry.displayName}</span>
                  <button
                    type="button"
                    className="rounded-md px-2 py-1 text-sm font-medium text-slate-600 hover:bg-slate-100"
                    aria-label={t('meetings.participants.denyName', { name: entry.displayName })}
                    onClick={() => host.decide.mutate({ participantId: entry.participantId, admit: false })}
                  >
                    {t('meetings.participants.deny')}
                  </button>
                  <button
                    type="button"
                    className="rounded-md bg-brand-600 px-2 py-1 text-sm font-medium text-white hover:bg-brand-700"
                    aria-label={t('meetings.participants.admitName', { name: entry.displayName })}
                    onClick={() => host.decide.mutate({ participantId: entry.participantId, admit: true })}
                  >
                    {t('meetings.participants.admit')}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <ul>
          {live.participants.map((participant) => (
            <ParticipantRow
              key={participant.id}
              participant={participant}
              isMe={participant.id === myId}
              actions={actionsFor(participant, myRole, participant.id === myId)}
              onAction={(action) => act(participant, action)}
            />
          ))}
        </ul>
      </div>

      {confirming?.kind === 'remove' && (
        <ConfirmDialog
          testId="remove-participant-dialog"
          title={t('meetings.participants.removeTitle', { name: confirming.participant.displayName })}
          text={t('meetings.participants.removeText')}
          confirmLabel={t('meetings.participants.remove')}
          pending={host.remove.isPending}
          error={host.remove.isError ? describeMeetingError(t, host.remove.error) : null}
          onClose={() => setConfirming(null)}
          onConfirm={() =>
            host.remove.mutate(confirming.participant.id, { onSuccess: () => setConfirming(null) })
          }
        />
      )}
      {confirming?.kind === 'makeHost' && confirming.participant.userId && (
        <ConfirmDialog
          testId="hand-over-dialog"
          title={t('meetings.participants.makeHostTitle', { name: confirming.participant.displayName })}
          text={t('meetings.participants.makeHostText')}
          confirmLabel={t('meetings.participants.actions.makeHost')}
          pending={host.handOver.isPending}
          error={host.handOver.isError ? describeMeetingError(t, host.handOver.error) : null}
          onClose={() => setConfirming(null)}
          onConfirm={() =>
            host.handOver.mutate(confirming.participant.userId!, { onSuccess: () => setConfirming(null) })
          }
        />
      )}
      {confirming?.kind === 'end' && (
        <ConfirmDialog
          testId="end-meeting-dialog"
          title={t('meetings.participants.endTitle')}
          text={t('meetings.participants.endText')}
          confirmLabel={t('meetings.participants.endForAll')}
          pending={host.end.isPending}
          error={host.end.isError ? describeMeetingError(t, host.end.error) : null}
          onClose={() => setConfirming(null)}
          onConfirm={() => host.end.mutate(undefined, { onSuccess: () => setConfirming(null) })}
        />
      )}
    </SidePanel>
  );
}

interface ParticipantRowProps {
  participant: MeetingParticipant;
  isMe: boolean;
  actions: ParticipantAction[];
  onAction: (action: ParticipantAction) => void;
}

function ParticipantRow({ participant, isMe, actions, onAction }: ParticipantRowProps) {
  const { t } = useTranslation();
  const name = participant.displayName;
  return (
    <li
      data-testid="participant"
      data-participant-id={participant.id}
      className="relative flex items-center gap-2 rounded-md px-2 py-1.5"
    >
      <Avatar displayName={name} avatarUrl={null} />
      <span className="min-w-0 flex-1 truncate text-sm">
        {name}
        {isMe && <span className="text-slate-500"> ({t('meetings.participants.you')})</span>}
        {(participant.role === 'host' || participant.role === 'cohost') && (
          <span className="ml-1.5 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
            {t(`meetings.roles.${participant.role}`)}
          </span>
        )}
      </span>
      <span className="flex shrink-0 items-center gap-1 text-slate-500">
        {participant.handRaised && (
          <span className="text-amber-500" title={t('meetings.call.handRaised')}>
            <HandIcon className="size-4" />
            <span className="sr-only">{t('meetings.call.handRaised')}</span>
          </span>
        )}
        {participant.audio ? <MicIcon className="size-4" /> : <MicOffIcon className="size-4 text-red-600" />}
        <span className="sr-only">
          {participant.audio ? t('meetings.call.micOn') : t('meetings.call.muted')}
        </span>
        {participant.video ? (
          <VideoIcon className="size-4" />
        ) : (
          <CameraOffIcon className="size-4 text-red-600" />
        )}
        <span className="sr-only">
          {participant.video ? t('meetings.call.cameraOn') : t('meetings.call.cameraOff')}
        </span>
      </span>
      <RowActionMenu
        label={t('meetings.participants.menu', { name })}
        actions={actions}
        labelOf={(action) => t(`meetings.participants.actions.${action}`)}
        isDangerous={(action) => action === 'remove'}
        onAction={onAction}
      />
    </li>
  );
}
