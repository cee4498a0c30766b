import { type Meeting, type PublicUser } from '@beseda/protocol';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { SelectField, TextAreaField, TextField } from '../../components/ui/fields';
import { CloseIcon } from '../../components/ui/icons';
import { useMe } from '../account/me.api';
import { Modal } from '../chats/dialogs/Modal';
import { PeoplePicker } from '../chats/dialogs/PeoplePicker';
import { usePerson } from '../chats/people.api';
import { describeMeetingError } from './meeting-errors';
import {
  type CreateMeetingInput,
  browserTimeZone,
  type MeetingChanges,
  useCreateMeeting,
  useUpdateMeeting,
} from './meetings.api';

type Access = CreateMeetingInput['access'];
type Recurrence = CreateMeetingInput['recurrence'];

const pad = (value: number) => String(value).padStart(2, '0');

/** A moment as the date and time fields show it, in the device's time zone. */
function localFields(moment: Date) {
  return {
    date: `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`,
    time: `${pad(moment.getHours())}:${pad(moment.getMinutes())}`,
  };
}

/** Tomorrow at ten, in the device's time zone: a sensible first guess. */
function defaultStart() {
  const start = new Date();
  start.setDate(start.getDate() + 1);
  start.setHours(10, 0, 0, 0);
  return localFields(start);
}

/** The meeting's start for editing; an instant meeting has none, and keeps none unless one is set. */
function startOf(meeting: Meeting | undefined) {
  if (!meeting) return defaultStart();
  return meeting.startsAt ? localFields(new Date(meeting.startsAt)) : { date: '', time: '' };
}

interface ScheduleMeetingDialogProps {
  onClose: () => void;
  /** The meeting as saved: the new one, or the edited one. */
  onScheduled?: (meeting: Meeting) => void;
  /** Edit this meeting (prefilled, saved with PATCH) instead of scheduling a new one. */
  meeting?: Meeting;
}

/** A meeting for later: when, for how long, who may come in, and whom to invite. Also edits one. */
export function ScheduleMeetingDialog({ onClose, onScheduled, meeting }: ScheduleMeetingDialogProps) {
  const { t } = useTranslation();
  const myId = useMe().data?.id;
  const create = useCreateMeeting();
  const update = useUpdateMeeting();
  const saving = meeting ? update : create;
  const [title, setTitle] = useState(meeting?.title ?? '');
  const [description, setDescription] = useState(meeting?.description ?? '');
  const [{ date, time }, setStart] = useState(() => startOf(meeting));
  const [duration, setDuration] = useState(String(meeting?.durationMinutes ?? 60));
  const [recurrence, setRecurrence] = useState<Recurrence>(meeting?.recurrence ?? 'none');
  const [access, setAccess] = useState<Access>(meeting?.access ?? 'organisation');
  const [passcode, setPasscode] = useState(meeting?.passcode ?? '');
  const [allowGuests, setAllowGuests] = useState(meeting?.allowGuests ?? false);
  // Invitees of a meeting being edited come as ids; their names are looked up by the chips.
  const [invitees, setInvitees] = useState<ReadonlyMap<string, PublicUser | null>>(
    () => new Map((meeting?.invitees ?? []).map((id) => [id, null])),
  );
  const selected = useMemo(() => new Set(invitees.keys()), [invitees]);
  const hostId = meeting?.hostId ?? myId;
  const unavailable = useMemo(() => new Map(hostId ? [[hostId, t('meetings.roles.host')]] : []), [hostId, t]);
  // An instant meeting being edited may stay without a start: both fields empty.
  const startOptional = meeting !== undefined && meeting.startsAt === null;

  const toggle = (person: PublicUser) =>
    setInvitees((current) => {
      const next = new Map(current);
      if (next.has(person.id)) next.delete(person.id);
      else next.set(person.id, person);
      return next;
    });
  const uninvite = (userId: string) =>
    setInvitees((current) => {
      const next = new Map(current);
      next.delete(userId);
      return next;
    });

  const done = (saved: Meeting) => {
    onClose();
    onScheduled?.(saved);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const details = {
      title: title.trim(),
      description: description.trim(),
      durationMinutes: Number(duration),
      recurrence,
      access,
      allowGuests: access === 'code' && allowGuests,
      invitees: [...invitees.keys()],
      // The time was entered in this browser's zone: a repeating meeting keeps it across DST.
      timeZone: browserTimeZone(),
    };
    const startsAt = date && time ? new Date(`${date}T${time}`).toISOString() : undefined;
    if (!meeting) {
      create.mutate(
        { ...details, startsAt, ...(passcode.trim() ? { passcode: passcode.trim() } : {}) },
        { onSuccess: done },
      );
      return;
    }
    // A passcode the host knew and emptied is removed; one the form never showed is left alone.
    const newPasscode = passcode.trim() ? passcode.trim() : meeting.passcode ? null : undefined;
    const changes: MeetingChanges = {
      ...details,
      ...(startsAt !== undefined ? { startsAt } : {}),
      ...(newPasscode !== undefined ? { passcode: newPasscode } : {}),
    };
    update.mutate({ meetingId: meeting.id, changes }, { onSuccess: done });
  };

  return (
    <Modal
      title={meeting ? t('meetings.schedule.editTitle') : t('meetings.schedule.title')}
      onClose={onClose}
      testId="schedule-dialog"
    >
      <form onSubmit={submit} className="space-y-4">
        <TextField
          label={t('meetings.schedule.name')}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          maxLength={200}
          required
          data-autofocus
        />
        <TextAreaField
          label={t('meetings.schedule.description')}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          rows={2}
          maxLength={4000}
        />
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          <TextField
            label={t('meetings.schedule.date')}
            type="date"
            value={date}
            onChange={(event) => setStart({ date: event.target.value, time })}
            required={!startOptional || time !== ''}
          />
          <TextField
            label={t('meetings.schedule.time')}
            type="time"
            value={time}
            onChange={(event) => setStart({ date, time: event.target.value })}
            required={!startOptional || date !== ''}
          />
          <TextField
            label={t('meetings.schedule.duration')}
            type="number"
            min={5}
            max={1440}
            step={5}
            value={duration}
            onChange={(event) => setDuration(event.target.value)}
            required
          />
        </div>
        <SelectField
          label={t('meetings.schedule.recurrence')}
          value={recurrence}
          onChange={(event) => setRecurrence(event.target.value as Recurrence)}
        >
          {(['none', 'daily', 'weekly'] as const).map((value) => (
            <option key={value} value={value}>
              {t(`meetings.schedule.recurrenceOptions.${value}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('meetings.schedule.access')}
          value={access}
          onChange={(event) => setAccess(event.target.value as Access)}
        >
          {(['organisation', 'invitees', 'code'] as const).map((value) => (
            <option key={value} value={value}>
              {t(`meetings.schedule.accessOptions.${value}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('meetings.schedule.passcode')}
          hint={t('meetings.schedule.passcodeHint')}
          value={passcode}
          onChange={(event) => setPasscode(event.target.value)}
          autoComplete="off"
          minLength={4}
          maxLength={32}
        />
        {access === 'code' && (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={allowGuests}
              onChange={(event) => setAllowGuests(event.target.checked)}
              className="size-4 rounded border-slate-300"
            />
            {t('meetings.schedule.allowGuests')}
          </label>
        )}
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">{t('meetings.schedule.invitees')}</legend>
          {invitees.size > 0 && (
            <ul aria-label={t('meetings.schedule.invited')} className="flex flex-wrap gap-1.5">
              {[...invitees].map(([userId, person]) => (
                <InviteeChip key={userId} userId={userId} known={person} onRemove={() => uninvite(userId)} />
              ))}
            </ul>
          )}
          <PeoplePicker
            unavailable={unavailable}
            selected={selected}
            onPick={toggle}
            actionLabel={(person) => t('meetings.schedule.invite', { name: person.displayName })}
          />
        </fieldset>
        {saving.isError && <Alert tone="error">{describeMeetingError(t, saving.error)}</Alert>}
        <div className="flex flex-col-reverse gap-2 border-t border-slate-100 pt-4 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" pending={saving.isPending}>
            {meeting ? t('meetings.schedule.save') : t('meetings.schedule.submit')}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

/** An invited person, by name: picked ones are known, those already invited are looked up. */
function InviteeChip({
  userId,
  known,
  onRemove,
}: {
  userId: string;
  known: PublicUser | null;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const looked = usePerson(known ? null : userId);
  const name = known?.displayName ?? looked.data?.displayName ?? '…';
  return (
    <li className="flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pr-1 pl-2.5 text-sm text-brand-800">
      {name}
      <button
        type="button"
        onClick={onRemove}
        className="rounded-full p-0.5 hover:bg-brand-100"
        aria-label={t('meetings.schedule.uninvite', { name })}
      >
        <CloseIcon className="size-3.5" />
      </button>
    </li>
  );
}
