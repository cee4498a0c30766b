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
import { describeMeetingError } from './meeting-errors';
import { type CreateMeetingInput, useCreateMeeting } from './meetings.api';

type Access = CreateMeetingInput['access'];
type Recurrence = CreateMeetingInput['recurrence'];

/** Tomorrow at ten, in the device's time zone: a sensible first guess. */
function defaultStart() {
  const start = new Date();
  start.setDate(start.getDate() + 1);
  const pad = (value: number) => String(value).padStart(2, '0');
  return {
    date: `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`,
    time: '10:00',
  };
}

interface ScheduleMeetingDialogProps {
  onClose: () => void;
  onScheduled: (meeting: Meeting) => void;
}

/** A meeting for later: when, for how long, who may come in, and whom to invite. */
export function ScheduleMeetingDialog({ onClose, onScheduled }: ScheduleMeetingDialogProps) {
  const { t } = useTranslation();
  const myId = useMe().data?.id;
  const create = useCreateMeeting();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [{ date, time }, setStart] = useState(defaultStart);
  const [duration, setDuration] = useState('60');
  const [recurrence, setRecurrence] = useState<Recurrence>('none');
  const [access, setAccess] = useState<Access>('organisation');
  const [passcode, setPasscode] = useState('');
  const [allowGuests, setAllowGuests] = useState(false);
  const [invitees, setInvitees] = useState<ReadonlyMap<string, PublicUser>>(new Map());
  const selected = useMemo(() => new Set(invitees.keys()), [invitees]);
  const unavailable = useMemo(() => new Map(myId ? [[myId, t('meetings.roles.host')]] : []), [myId, t]);

  const toggle = (person: PublicUser) =>
    setInvitees((current) => {
      const next = new Map(current);
      if (next.has(person.id)) next.delete(person.id);
      else next.set(person.id, person);
      return next;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        title: title.trim(),
        description: description.trim(),
        startsAt: new Date(`${date}T${time}`).toISOString(),
        durationMinutes: Number(duration),
        recurrence,
        access,
        ...(passcode.trim() ? { passcode: passcode.trim() } : {}),
        allowGuests: access === 'code' && allowGuests,
        invitees: [...invitees.keys()],
      },
      {
        onSuccess: (meeting) => {
          onClose();
          onScheduled(meeting);
        },
      },
    );
  };

  return (
    <Modal title={t('meetings.schedule.title')} onClose={onClose} testId="schedule-dialog">
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
            required
          />
          <TextField
            label={t('meetings.schedule.time')}
            type="time"
            value={time}
            onChange={(event) => setStart({ date, time: event.target.value })}
            required
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
              {[...invitees.values()].map((person) => (
                <li
                  key={person.id}
                  className="flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pr-1 pl-2.5 text-sm text-brand-800"
                >
                  {person.displayName}
                  <button
                    type="button"
                    onClick={() => toggle(person)}
                    className="rounded-full p-0.5 hover:bg-brand-100"
                    aria-label={t('meetings.schedule.uninvite', { name: person.displayName })}
                  >
                    <CloseIcon className="size-3.5" />
                  </button>
                </li>
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
        {create.isError && <Alert tone="error">{describeMeetingError(t, create.error)}</Alert>}
        <div className="flex flex-col-reverse gap-2 border-t border-slate-100 pt-4 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" pending={create.isPending}>
            {t('meetings.schedule.submit')}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
