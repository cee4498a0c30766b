import { ChangePasswordRequestSchema, ErrorCode, type Me } from '@beseda/protocol';
import { type FormEvent, useState } from 'react';
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
import { TextField } from '../../components/ui/fields';
import { LinkedAccountsSection } from './LinkedAccountsSection';
import { MeBoundary } from './MeBoundary';
import { useChangePassword } from './security.api';
import { SettingsSection } from './SettingsLayout';
import { TwoFactorSection } from './TwoFactorSection';

export function SecurityPage() {
  const { t } = useTranslation();
  usePageTitle(t('settings.tabs.security'));
  return (
    <MeBoundary>
      {(me) => (
        <>
          <PasswordSection me={me} />
          <TwoFactorSection me={me} />
          <LinkedAccountsSection />
        </>
      )}
    </MeBoundary>
  );
}

type Field = 'currentPassword' | 'newPassword';
const fields: readonly Field[] = ['currentPassword', 'newPassword'];

function PasswordSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);

  if (!me.hasPassword) {
    return (
      <SettingsSection title={t('security.password.heading')}>
        <p className="text-sm text-slate-600">{t('security.password.none')}</p>
      </SettingsSection>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const values = {
      currentPassword: String(data.get('currentPassword') ?? ''),
      newPassword: String(data.get('newPassword') ?? ''),
    };
    const invalid = validateFields(t, ChangePasswordRequestSchema, values, { fields });
    setErrors(invalid ? { fields: invalid, form: null } : noFormErrors);
    if (invalid) return;
    change.mutate(values, {
      onSuccess: () => form.reset(),
      onError: (error) =>
        setErrors(
          formErrorsFrom(t, error, {
            fields,
            codeFields: {
              [ErrorCode.invalidCredentials]: 'currentPassword',
              [ErrorCode.weakPassword]: 'newPassword',
            },
            messages: { [ErrorCode.invalidCredentials]: t('errors.currentPasswordWrong') },
          }),
        ),
    });
  };

  const clearField = (field: Field) => {
    setErrors((current) => ({ ...current, fields: { ...current.fields, [field]: undefined } }));
    change.reset();
  };

  return (
    <SettingsSection title={t('security.password.heading')} description={t('security.password.description')}>
      <form noValidate onSubmit={submit} className="space-y-4">
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={me.username} readOnly hidden />
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        {change.isSuccess && <Alert tone="success">{t('security.password.changed')}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t('security.password.current')}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={errors.fields.currentPassword}
            onInput={() => clearField('currentPassword')}
          />
          <TextField
            label={t('security.password.new')}
            hint={t('security.password.newHint')}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            maxLength={128}
            required
            error={errors.fields.newPassword}
            onInput={() => clearField('newPassword')}
          />
        </div>
        <Button type="submit" pending={change.isPending}>
          {t('security.password.submit')}
        </Button>
      </form>
    </SettingsSection>
  );
}
