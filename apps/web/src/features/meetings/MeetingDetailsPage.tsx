import { ErrorCode } from '@beseda/protocol';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/api-error';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { Alert } from '../../components/ui/Alert';
import { Button, buttonClass } from '../../components/ui/Button';
import { Spinner } from '../../components/ui/Spinner';
import { useFormatters } from '../../i18n/format';
import { useMe } from '../account/me.api';
import { CopyLinkButton, formatDuration, isModeratorOf, StatusBadge } from './meeting-display';
import { describeMeetingError } from './meeting-errors';
import { canEditMeeting } from './meeting-permissions';
import { useAttendance, useMeeting } from './meetings.api';
import { ScheduleMeetingDialog } from './ScheduleMeetingDialog';

/** `/meetings/:id`: what the meeting is, its link and chat, and for its hosts who attended. */
export function MeetingDetailsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const meeting = useMeeting(id);
  const me = useMe().data;
  const myId = me?.id;
  const [editing, setEditing] = useState(false);
  usePageTitle(meeting.data?.title ?? t('meetings.title'));

  if (meeting.isPending) {
    return (
      <p role="status" className="m-6 flex items-center gap-2 text-sm text-slate-500">
        <Spinner /> {t('common.loading')}
      </p>
    );
  }
  if (meeting.isError) {
    const notFound = isApiError(meeting.error) && meeting.error.code === ErrorCode.meetingNotFound;
    return (
      <div className="mx-auto max-w-3xl px-4 py-6">
        <Alert tone="error">
          {notFound ? t('meetings.errors.notFound') : describeMeetingError(t, meeting.error)}
        </Alert>
        <Link to="/meetings" className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">
          {t('meetings.details.back')}
        </Link>
      </div>
    );
  }
  const details = meeting.data;
  const open = details.status === 'scheduled' || details.status === 'live';
  return (
    <div className="mx-auto max-w-3xl space-y-6 px-4 py-6 sm:px-6">
      <Link to="/meetings" className="text-sm font-medium text-brand-700 hover:underline">
        ← {t('meetings.details.back')}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto min-w-0 text-2xl font-semibold break-words text-slate-900">{details.title}</h1>
        <StatusBadge status={details.status} />
        {canEditMeeting(details, me) && (
          <Button variant="secondary" onClick={() => setEditing(true)} data-testid="edit-meeting">
            {t('meetings.list.edit')}
          </Button>
        )}
        {open && (
          <Link to={`/m/${details.code}`} className={buttonClass()}>
            {t('meetings.list.join')}
          </Link>
        )}
      </div>
      {details.description && <p className="whitespace-pre-wrap text-slate-700">{details.description}</p>}
      <dl className="grid gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[auto_1fr]">
        <Fact label={t('meetings.details.when')}>
          {details.startsAt ? dateTime(details.startsAt) : t('meetings.list.instant')}
          {details.startsAt && ` · ${formatDuration(t, details.durationMinutes * 60)}`}
          {details.recurrence !== 'none' &&
            ` · ${t(`meetings.schedule.recurrenceOptions.${details.recurrence}`)}`}
        </Fact>
        <Fact label={t('meetings.details.code')}>
          <span className="font-mono">{details.code}</span>
        </Fact>
        <Fact label={t('meetings.details.link')}>
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-all">{details.url}</span>
            <CopyLinkButton url={details.url} className="-my-1" />
          </span>
        </Fact>
        <Fact label={t('meetings.details.access')}>
          {t(`meetings.schedule.accessOptions.${details.access}`)}
        </Fact>
        {details.passcode && (
          <Fact label={t('meetings.details.passcode')}>
            <span className="font-mono">{details.passcode}</span>
          </Fact>
        )}
      </dl>
      <Link
        to={`/chats/${details.chatId}`}
        data-testid="meeting-chat-link"
        className="inline-block text-sm font-medium text-brand-700 hover:underline"
      >
        {t('meetings.details.openChat')}
      </Link>
      {isModeratorOf(details, myId) && <AttendanceSection meetingId={details.id} />}
      {editing && <ScheduleMeetingDialog meeting={details} onClose={() => setEditing(false)} />}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </>
  );
}

function AttendanceSection({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const [occurrence, setOccurrence] = useState<number | undefined>();
  const attendance = useAttendance(meetingId, true, occurrence);
  const occurrences = attendance.data?.occurrences ?? [];
  return (
    <section aria-labelledby="attendance-title" data-testid="attendance">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="attendance-title" className="text-lg font-semibold text-slate-900">
          {t('meetings.details.attendance')}
        </h2>
        {occurrences.length > 1 && (
          <label className="flex items-center gap-2 text-sm text-slate-600">
            {t('meetings.details.occurrence')}
            <select
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900"
              value={attendance.data?.occurrence ?? occurrences.length - 1}
              onChange={(event) => setOccurrence(Number(event.target.value))}
              data-testid="attendance-occurrence"
            >
              {occurrences.map((held, index) => (
                <option key={held.startedAt} value={index}>
                  {dateTime(held.startedAt)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {attendance.isPending && (
        <p role="status" className="mt-2 flex items-center gap-2 text-sm text-slate-500">
          <Spinner /> {t('common.loading')}
        </p>
      )}
      {attendance.isError && (
        <Alert tone="error" className="mt-2">
          {describeMeetingError(t, attendance.error)}
        </Alert>
      )}
      {attendance.data && (
        <>
          <p className="mt-1 text-sm text-slate-600">
            {t('meetings.details.duration')}: {formatDuration(t, attendance.data.durationSeconds)} ·{' '}
            {t('meetings.details.peak')}: {attendance.data.peakParticipants}
          </p>
          {attendance.data.people.length === 0 ? (
            <p className="mt-3 text-sm text-slate-500">{t('meetings.details.noAttendance')}</p>
          ) : (
            <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="w-full text-left text-sm">
                <thead className="bg-slate-50 text-slate-600">
                  <tr>
                    <th className="px-3 py-2 font-medium">{t('meetings.details.person')}</th>
                    <th className="px-3 py-2 font-medium">{t('meetings.details.timeIn')}</th>
                    <th className="px-3 py-2 font-medium">{t('meetings.details.sessions')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {attendance.data.people.map((person) => (
                    <tr key={`${person.userId ?? person.displayName}`} data-testid="attendance-row">
                      <td className="px-3 py-2 text-slate-900">{person.displayName}</td>
                      <td className="px-3 py-2 text-slate-700">
                        {formatDuration(t, person.secondsInMeeting)}
                      </td>
                      <td className="px-3 py-2 text-slate-700">
                        <ul>
                          {person.sessions.map((session) => (
                            <li key={session.joinedAt}>
                              {dateTime(session.joinedAt)}
                              {session.leftAt ? ` – ${dateTime(session.leftAt)}` : ''}
                              {session.device ? ` · ${session.device}` : ''}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
