import { ErrorCode, type Me, UpdateMeRequestSchema } from '@beseda/protocol';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type FormErrors,
  formErrorsFrom,
  noFormErrors,
  validateFields,
} from '../../components/forms/form-errors';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { SelectField, TextAreaField, TextField } from '../../components/ui/fields';
import { chooseLanguage } from '../../i18n/i18n';
import { isSupportedLanguage, supportedLanguages } from '../../i18n/languages';
import { AvatarSection } from './AvatarSection';
import { type ProfileChanges, useUpdateProfile } from './me.api';
import { MeBoundary } from './MeBoundary';
import { SettingsSection } from './SettingsLayout';
import { StatusSection } from './StatusSection';
import { deviceTimeZone, timeZoneOptionsWith } from './time-zones';

const ABOUT_MAX = 500;

type Field = 'displayName' | 'username' | 'about' | 'timeZone' | 'language';
const fields: readonly Field[] = ['displayName', 'username', 'about', 'timeZone', 'language'];
type Values = Pick<Me, Field>;

function valuesOf(me: Me): Values {
  return {
    displayName: me.displayName,
    username: me.username,
    about: me.about,
    timeZone: me.timeZone,
    language: me.language,
  };
}

export function ProfilePage() {
  const { t } = useTranslation();
  usePageTitle(t('settings.tabs.profile'));
  return (
    <MeBoundary>
      {(me) => (
        <>
          <AvatarSection key={`avatar-${me.id}`} me={me} />
          <ProfileSection key={me.id} me={me} />
          <StatusSection key={`status-${me.id}`} me={me} />
        </>
      )}
    </MeBoundary>
  );
}

function ProfileSection({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateProfile();
  const [values, setValues] = useState<Values>(() => valuesOf(me));
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const zones = useMemo(() => timeZoneOptionsWith(values.timeZone), [values.timeZone]);
  const deviceZone = deviceTimeZone();
  const formats = { username: t('validation.username') };

  const changes: ProfileChanges = {};
  const saved = valuesOf(me);
  for (const field of fields) {
    if (values[field] !== saved[field]) Object.assign(changes, { [field]: values[field] });
  }
  const dirty = Object.keys(changes).length > 0;

  const set = <F extends Field>(field: F, value: Values[F]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ form: null, fields: { ...current.fields, [field]: undefined } }));
    update.reset();
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const invalid = validateFields(t, UpdateMeRequestSchema, changes, { fields, formats });
    setErrors(invalid ? { fields: invalid, form: null } : noFormErrors);
    if (invalid || !dirty) return;
    update.mutate(changes, {
      onSuccess: (updated) => {
        setValues(valuesOf(updated));
        if (changes.language) void chooseLanguage(i18n, changes.language);
      },
      onError: (error) =>
        setErrors(
          formErrorsFrom(t, error, {
            fields,
            formats,
            codeFields: { [ErrorCode.usernameTaken]: 'username' },
          }),
        ),
    });
  };

  return (
    <SettingsSection title={t('profile.heading')} description={t('profile.description')}>
      <form noValidate onSubmit={submit} className="space-y-4">
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t('profile.displayName')}
            name="displayName"
            autoComplete="name"
            maxLength={64}
            required
            value={values.displayName}
            onChange={(event) => set('displayName', event.target.value)}
            error={errors.fields.displayName}
          />
          <TextField
            label={t('profile.username')}
            hint={t('profile.usernameHint')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={32}
            required
            value={values.username}
            onChange={(event) => set('username', event.target.value)}
            error={errors.fields.username}
          />
        </div>
        <TextField label={t('profile.email')} name="email" type="email" value={me.email} readOnly disabled />
        <TextAreaField
          label={t('profile.about')}
          hint={t('profile.aboutCounter', { used: values.about.length, max: ABOUT_MAX })}
          name="about"
          rows={3}
          maxLength={ABOUT_MAX}
          value={values.about}
          onChange={(event) => set('about', event.target.value)}
          error={errors.fields.about}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <SelectField
              label={t('profile.timeZone')}
              name="timeZone"
              value={values.timeZone}
              onChange={(event) => set('timeZone', event.target.value)}
              error={errors.fields.timeZone}
            >
              {zones.map(({ zone, label }) => (
                <option key={zone} value={zone}>
                  {label}
                </option>
              ))}
            </SelectField>
            {deviceZone && deviceZone !== values.timeZone && (
              <Button
                variant="ghost"
                className="mt-1 -ml-3 text-left"
                onClick={() => set('timeZone', deviceZone)}
              >
                {t('profile.useDeviceZone', { zone: deviceZone })}
              </Button>
            )}
          </div>
          <SelectField
            label={t('profile.language')}
            hint={t('profile.languageHint')}
            name="language"
            value={values.language}
            onChange={(event) => {
              if (isSupportedLanguage(event.target.value)) set('language', event.target.value);
            }}
            error={errors.fields.language}
          >
            {supportedLanguages.map((language) => (
              <option key={language} value={language} lang={language}>
                {t(`language.${language}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" pending={update.isPending} disabled={!dirty}>
            {t('profile.save')}
          </Button>
          {update.isSuccess && !dirty && (
            <p role="status" className="text-sm text-emerald-700">
              {t('profile.saved')}
            </p>
          )}
        </div>
      </form>
    </SettingsSection>
  );
}
