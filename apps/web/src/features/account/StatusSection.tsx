import type { Me } from '@beseda/protocol';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../../components/forms/form-errors';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { SelectField, TextField } from '../../components/ui/fields';
import { useFormatters } from '../../i18n/format';
import { PresenceDot } from './Avatar';
import { type ExpiryChoice, expiresAtFor, expiryChoices, statusEmojis, statusPresets } from './custom-status';
import { useUpdateStatus } from './me.api';
import { SettingsSection } from './SettingsLayout';

const presences = ['online', 'away', 'dnd', 'invisible'] as const satisfies readonly Me['presence'][];
const TEXT_MAX = 100;

export function StatusSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <SettingsSection title={t('status.heading')} description={t('status.description')}>
      <div className="space-y-6">
        <PresencePicker me={me} />
        <CustomStatusForm me={me} />
      </div>
    </SettingsSection>
  );
}

/** Saved as soon as it is picked: there is nothing else to fill in. */
function PresencePicker({ me }: { me: Me }) {
  const { t } = useTranslation();
  const update = useUpdateStatus();
  const selected = update.isPending ? (update.variables.presence ?? me.presence) : me.presence;

  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium text-slate-800">{t('status.presence')}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {presences.map((presence) => (
          <label
            key={presence}
            className="relative flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 p-3 hover:border-slate-300 has-checked:border-brand-500 has-checked:bg-brand-50 has-focus-visible:outline-2 has-focus-visible:outline-brand-500"
          >
            <input
              type="radio"
              name="presence"
              value={presence}
              checked={selected === presence}
              disabled={update.isPending}
              onChange={() => update.mutate({ presence })}
              className="sr-only"
            />
            <PresenceDot presence={presence} className="mt-1 size-3" />
            <span>
              <span className="block text-sm font-medium text-slate-900">{t(`presence.${presence}`)}</span>
              <span className="block text-xs text-slate-500">{t(`status.presenceHint.${presence}`)}</span>
            </span>
          </label>
        ))}
      </div>
      {update.isError && (
        <Alert tone="error" className="mt-3">
          {describeApiError(t, update.error)}
        </Alert>
      )}
    </fieldset>
  );
}

function CustomStatusForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const update = useUpdateStatus();
  const [emoji, setEmoji] = useState(me.customStatus?.emoji ?? '');
  const [text, setText] = useState(me.customStatus?.text ?? '');
  const [expiry, setExpiry] = useState<ExpiryChoice>('never');
  const [outcome, setOutcome] = useState<'saved' | 'cleared' | null>(null);
  const current = me.customStatus;

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setOutcome(null);
    update.mutate(
      { customStatus: { text: text.trim(), emoji: emoji || null, expiresAt: expiresAtFor(expiry) } },
      { onSuccess: () => setOutcome('saved') },
    );
  };

  const clear = () => {
    setOutcome(null);
    update.mutate(
      { customStatus: null },
      {
        onSuccess: () => {
          setEmoji('');
          setText('');
          setExpiry('never');
          setOutcome('cleared');
        },
      },
    );
  };

  return (
    <form noValidate onSubmit={save} className="space-y-4 border-t border-slate-200 pt-5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-medium text-slate-800">{t('status.custom')}</h3>
        {current && (current.text || current.emoji) && (
          <p data-testid="current-status" className="text-sm text-slate-600">
            {t('status.current')} {current.emoji} {current.text}
            {current.expiresAt && (
              <> · {t('status.clearsAt', { when: format.relative(current.expiresAt) })}</>
            )}
          </p>
        )}
      </div>

      <div>
        <p className="mb-2 text-xs font-medium tracking-wide text-slate-500 uppercase">
          {t('status.presets')}
        </p>
        <div className="flex flex-wrap gap-2">
          {statusPresets.map((preset) => (
            <button
              key={preset.id}
              type="button"
              onClick={() => {
                setEmoji(preset.emoji);
                setText(t(`status.preset.${preset.id}`));
                setExpiry(preset.expiry);
                setOutcome(null);
              }}
              className="rounded-full border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:border-slate-400 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500"
            >
              <span aria-hidden="true">{preset.emoji}</span> {t(`status.preset.${preset.id}`)}
            </button>
          ))}
        </div>
      </div>

      <div className="grid gap-4 sm:grid-cols-[8rem_1fr]">
        <SelectField
          label={t('status.emoji')}
          value={emoji}
          onChange={(event) => setEmoji(event.target.value)}
        >
          <option value="">{t('status.noEmoji')}</option>
          {statusEmojis.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('status.text')}
          placeholder={t('status.textPlaceholder')}
          maxLength={TEXT_MAX}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <SelectField
        label={t('status.expiry')}
        value={expiry}
        onChange={(event) => setExpiry(event.target.value as ExpiryChoice)}
        className="sm:max-w-xs"
      >
        {expiryChoices.map((choice) => (
          <option key={choice} value={choice}>
            {t(`status.expiryOption.${choice}`)}
          </option>
        ))}
      </SelectField>

      {update.isError && <Alert tone="error">{describeApiError(t, update.error)}</Alert>}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="submit"
          pending={update.isPending && update.variables.customStatus !== null}
          disabled={!text.trim() && !emoji}
        >
          {t('status.save')}
        </Button>
        {current && (
          <Button
            variant="secondary"
            pending={update.isPending && update.variables.customStatus === null}
            onClick={clear}
          >
            {t('status.clear')}
          </Button>
        )}
        {outcome && (
          <p role="status" className="text-sm text-emerald-700">
            {t(outcome === 'saved' ? 'status.saved' : 'status.cleared')}
          </p>
        )}
      </div>
    </form>
  );
}
