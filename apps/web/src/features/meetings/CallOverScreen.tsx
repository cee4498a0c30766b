import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../components/ui/Button';
import { type CallEndReason } from './call/call-session';

/** How a stay ended: the call's reasons, or the lobby's "turned away". */
export type StayEnd = CallEndReason | 'denied';

const messages = {
  left: 'meetings.over.left',
  removed: 'meetings.over.removed',
  ended: 'meetings.over.ended',
  lost: 'meetings.over.lost',
  denied: 'meetings.over.denied',
} as const;

interface CallOverScreenProps {
  reason: StayEnd;
  onRejoin: () => void;
  /** A guest (or not signed in): the rest of the app is not for them, so no way into it. */
  visitor?: boolean;
}

/** After the call (or the wait): why it ended, and the ways on. */
export function CallOverScreen({ reason, onRejoin, visitor = false }: CallOverScreenProps) {
  const { t } = useTranslation();
  // Someone removed or turned away can only ask again through the lobby; rejoining does that.
  const canRejoin = reason !== 'ended';
  return (
    <div className="flex h-dvh flex-col items-center justify-center gap-6 bg-slate-950 px-4 text-center text-white">
      <p data-testid="call-over" data-reason={reason} className="max-w-md text-lg">
        {t(messages[reason])}
      </p>
      {visitor && (
        <p data-testid="close-page" className="max-w-md text-slate-300">
          {t('meetings.guest.closePage')}
        </p>
      )}
      <div className="flex flex-wrap justify-center gap-3">
        {canRejoin && (
          <Button variant="secondary" onClick={onRejoin}>
            {t('meetings.over.rejoin')}
          </Button>
        )}
        {!visitor && (
          <Link
            to="/meetings"
            className="inline-flex min-h-10 items-center rounded-md px-4 text-sm font-medium text-brand-200 hover:bg-slate-800"
          >
            {t('meetings.backToMeetings')}
          </Link>
        )}
      </div>
    </div>
  );
}
