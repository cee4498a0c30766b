import { type Chat } from '@beseda/protocol';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { VideoIcon } from '../../components/ui/icons';
import { Spinner } from '../../components/ui/Spinner';
import { chatTitle } from '../chats/chat-display';
import { describeMeetingError } from './meeting-errors';
import { instantMeeting, useCreateMeeting } from './meetings.api';

/** In a chat's header: starts a meeting its members are invited to, and goes into it. */
export function StartMeetingButton({ chat }: { chat: Chat }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateMeeting();
  const label = t('meetings.startMeeting');
  const failure = create.isError ? describeMeetingError(t, create.error) : null;
  return (
    <button
      type="button"
      title={failure ?? label}
      data-testid="start-meeting"
      disabled={create.isPending}
      onClick={() =>
        create.mutate(instantMeeting(t('meetings.instantTitle', { name: chatTitle(t, chat) }), chat.id), {
          onSuccess: (meeting) => void navigate(`/m/${meeting.code}`),
        })
      }
      className={`rounded-md p-2 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500 ${failure ? 'text-red-600' : 'text-slate-600'}`}
    >
      {create.isPending ? <Spinner className="size-5" /> : <VideoIcon />}
      <span className="sr-only">{label}</span>
      {failure && (
        <span role="alert" className="sr-only">
          {failure}
        </span>
      )}
    </button>
  );
}
