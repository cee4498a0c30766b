import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { buttonClass } from '../../components/ui/Button';
import { useMeeting } from './meetings.api';

/**
 * In a meeting chat's header: the way back to its meeting's page, and into the call while the
 * meeting is still on. The meeting itself gives the code; without access to it, only the page
 * link is shown (the page says why).
 */
export function MeetingChatLinks({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const meeting = useMeeting(meetingId);
  const open = meeting.data?.status === 'scheduled' || meeting.data?.status === 'live';
  return (
    <>
      <Link
        to={`/meetings/${meetingId}`}
        data-testid="chat-meeting-link"
        className="shrink-0 rounded-md px-2 py-1.5 text-sm font-medium text-brand-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        {t('meetings.chat.openMeeting')}
      </Link>
      {meeting.data && open && (
        <Link
          to={`/m/${meeting.data.code}`}
          data-testid="chat-meeting-join"
          className={buttonClass('primary', 'min-h-9 shrink-0')}
        >
          {t('meetings.list.join')}
        </Link>
      )}
    </>
  );
}
