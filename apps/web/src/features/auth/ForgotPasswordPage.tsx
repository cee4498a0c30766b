import { ForgotPasswordRequestSchema } from '@beseda/protocol';
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
import { TextLink } from '../../components/ui/TextLink';
import { useForgotPassword } from './auth.api';
import { AuthCard } from './AuthLayout';

const fields = ['email'] as const;

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.forgot.title'));
  const forgot = useForgotPassword();
  const [errors, setErrors] = useState<FormErrors<'email'>>(noFormErrors);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const backToLogin = <TextLink to="/login">{t('auth.forgot.back')}</TextLink>;

  if (sentTo) {
    return (
      <AuthCard
        heading={t('auth.forgot.sentHeading')}
        description={t('auth.forgot.sentText', { email: sentTo })}
        footer={backToLogin}
      />
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    const invalid = validateFields(t, ForgotPasswordRequestSchema, { email }, { fields });
    setErrors(invalid ? { fields: invalid, form: null } : noFormErrors);
    if (invalid) return;
    forgot.mutate(email, {
      onSuccess: () => setSentTo(email),
      onError: (error) => setErrors(formErrorsFrom(t, error, { fields })),
    });
  };

  return (
    <AuthCard heading={t('auth.forgot.heading')} description={t('auth.forgot.text')} footer={backToLogin}>
      <form noValidate onSubmit={submit} className="space-y-4">
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <TextField
          label={t('auth.forgot.email')}
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          required
          autoFocus
          error={errors.fields.email}
          onInput={() => setErrors(noFormErrors)}
        />
        <Button type="submit" pending={forgot.isPending} className="w-full">
          {t('auth.forgot.submit')}
        </Button>
      </form>
    </AuthCard>
  );
}
