import { type Meeting } from '@beseda/protocol';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { Alert } from '../../components/ui/Alert';
import { Button, buttonClass } from '../../components/ui/Button';
import { Spinner } from '../../components/ui/Spinner';
import { useFormatters } from '../../i18n/format';
import { useMe } from '../account/me.api';
import { ConfirmDialog } from '../chats/dialogs/ConfirmDialog';
import { CopyLinkButton, isModeratorOf, StatusBadge } from './meeting-display';
import { describeMeetingError } from './meeting-errors';
import { canEditMeeting } from './meeting-permissions';
import { instantMeeting, useCancelMeeting, useCreateMeeting, useMeetingList } from './meetings.api';
import { ScheduleMeetingDialog } from './ScheduleMeetingDialog';

type Tab = 'upcoming' | 'past';

/** `/meetings`: start one now, schedule one, and my upcoming and past meetings. */
export function MeetingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('meetings.title'));
  const navigate = useNavigate();
  const create = useCreateMeeting();
  const [tab, setTab] = useState<Tab>('upcoming');
  const [scheduling, setScheduling] = useState(false);

  return (
    <div className="mx-auto max-w-3xl px-4 py-6 sm:px-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-semibold text-slate-900">{t('meetings.title')}</h1>
        <Button variant="secondary" onClick={() => setScheduling(true)} data-testid="schedule-meeting">
          {t('meetings.list.schedule')}
        </Button>
        <Button
          pending={create.isPending}
          data-testid="new-meeting"
          onClick={() =>
            create.mutate(instantMeeting(t('meetings.quickTitle')), {
              onSuccess: (meeting) => void navigate(`/m/${meeting.code}`),
            })
          }
        >
          {t('meetings.list.newMeeting')}
        </Button>
      </div>
      {create.isError && (
        <Alert tone="error" className="mt-4">
          {describeMeetingError(t, create.error)}
        </Alert>
      )}
      <div role="tablist" className="mt-6 flex gap-1 border-b border-slate-200">
        {(['upcoming', 'past'] as const).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => setTab(id)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === id ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
          >
            {t(`meetings.list.${id}`)}
          </button>
        ))}
      </div>
      <MeetingList key={tab} when={tab} />
      {scheduling && (
        <ScheduleMeetingDialog
          onClose={() => setScheduling(false)}
          onScheduled={(meeting) => void navigate(`/meetings/${meeting.id}`)}
        />
      )}
    </div>
  );
}

function MeetingList({ when }: { when: Tab }) {
  const { t } = useTranslation();
  const list = useMeetingList(when);
  const me = useMe().data;
  const cancel = useCancelMeeting();
  const [cancelling, setCancelling] = useState<Meeting | null>(null);
  const [editing, setEditing] = useState<Meeting | null>(null);
  const meetings = list.data?.pages.flatMap((page) => page.items) ?? [];

  if (list.isPending) {
    return (
      <p role="status" className="mt-6 flex items-center gap-2 text-sm text-slate-500">
        <Spinner /> {t('common.loading')}
      </p>
    );
  }
  if (list.isError) {
    return (
      <Alert tone="error" className="mt-6">
        {t('meetings.list.loadError')} {describeMeetingError(t, list.error)}
      </Alert>
    );
  }
  return (
    <>
      {meetings.length === 0 ? (
        <p className="mt-6 text-sm text-slate-500">
          {when === 'upcoming' ? t('meetings.list.emptyUpcoming') : t('meetings.list.emptyPast')}
        </p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-200" data-testid="meeting-list">
          {meetings.map((meeting) => (
            <MeetingRow
              key={meeting.id}
              meeting={meeting}
              canCancel={
                when === 'upcoming' && meeting.status === 'scheduled' && isModeratorOf(meeting, me?.id)
              }
              onEdit={canEditMeeting(meeting, me) ? () => setEditing(meeting) : undefined}
              onCancel={() => {
                cancel.reset();
                setCancelling(meeting);
              }}
            />
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button
          variant="ghost"
          className="mt-3"
          pending={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('common.loadMore')}
        </Button>
      )}
      {cancelling && (
        <ConfirmDialog
          testId="cancel-meeting-dialog"
          title={t('meetings.list.cancelTitle', { title: cancelling.title })}
          text={t('meetings.list.cancelText')}
          confirmLabel={t('meetings.list.cancel')}
          pending={cancel.isPending}
          error={cancel.isError ? describeMeetingError(t, cancel.error) : null}
          onClose={() => setCancelling(null)}
          onConfirm={() => cancel.mutate(cancelling, { onSuccess: () => setCancelling(null) })}
        />
      )}
      {editing && <ScheduleMeetingDialog meeting={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function MeetingRow({
  meeting,
  canCancel,
  onCancel,
  onEdit,
}: {
  meeting: Meeting;
  canCancel: boolean;
  onCancel: () => void;
  /** Present when I may change the meeting. */
  onEdit: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const open = meeting.status === 'scheduled' || meeting.status === 'live';
  return (
    <li data-testid="meeting-row" className="flex flex-wrap items-center gap-x-3 gap-y-2 py-3">
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-2">
          <Link
            to={`/meetings/${meeting.id}`}
            className="truncate font-medium text-slate-900 hover:underline"
          >
            {meeting.title}
          </Link>
          {meeting.status !== 'scheduled' && <StatusBadge status={meeting.status} />}
        </div>
        <p className="text-sm text-slate-500">
          {meeting.startsAt ? dateTime(meeting.startsAt) : t('meetings.list.instant')}
          {meeting.status === 'live' &&
            ` · ${t('meetings.list.people', { count: meeting.participantCount })}`}
        </p>
      </div>
      <div className="flex items-center gap-1">
        <CopyLinkButton url={meeting.url} />
        {onEdit && (
          <button
            type="button"
            onClick={onEdit}
            data-testid="edit-meeting"
            className="rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500"
          >
            {t('meetings.list.edit')}
          </button>
        )}
        {canCancel && (
          <button
            type="button"
            onClick={onCancel}
            className="rounded-md px-2 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50"
          >
            {t('meetings.list.cancel')}
          </button>
        )}
        {open && (
          <Link to={`/m/${meeting.code}`} className={buttonClass('primary', 'min-h-9')}>
            {t('meetings.list.join')}
          </Link>
        )}
      </div>
    </li>
  );
}
