import { ErrorCode, RegisterRequestSchema } from '@beseda/protocol';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
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
import { currentLanguage } from '../../i18n/i18n';
import { useRegister } from './auth.api';
import { AuthCard } from './AuthLayout';
import { ProviderButtons } from './ProviderButtons';
import { ResendConfirmation } from './ResendConfirmation';

type Field = 'displayName' | 'username' | 'email' | 'password';
const fields: readonly Field[] = ['displayName', 'username', 'email', 'password'];

export function RegisterPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.register.title'));
  const [registeredEmail, setRegisteredEmail] = useState<string | null>(null);

  if (registeredEmail) return <CheckEmail email={registeredEmail} />;
  return <RegisterForm onRegistered={setRegisteredEmail} />;
}

function RegisterForm({ onRegistered }: { onRegistered: (email: string) => void }) {
  const { t, i18n } = useTranslation();
  const [searchParams] = useSearchParams();
  const register = useRegister();
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const formats = { username: t('validation.username'), email: t('validation.email') };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: Field) => String(data.get(name) ?? '');
    const values = {
      displayName: text('displayName').trim(),
      username: text('username').trim(),
      email: text('email').trim(),
      password: text('password'),
      // The account starts in the language the visitor reads now; its e-mails use it too.
      language: currentLanguage(i18n),
    };
    const invalid = validateFields(t, RegisterRequestSchema, values, { fields, formats });
    setErrors(invalid ? { fields: invalid, form: null } : noFormErrors);
    if (invalid) return;

    register.mutate(values, {
      onSuccess: () => onRegistered(values.email),
      onError: (error) =>
        setErrors(
          formErrorsFrom(t, error, {
            fields,
            formats,
            codeFields: { [ErrorCode.usernameTaken]: 'username', [ErrorCode.weakPassword]: 'password' },
          }),
        ),
    });
  };

  const clearField = (field: Field) =>
    setErrors((current) => ({ ...current, fields: { ...current.fields, [field]: undefined } }));

  return (
    <AuthCard
      heading={t('auth.register.heading')}
      footer={
        <>
          {t('auth.register.haveAccount')} <TextLink to="/login">{t('auth.register.signIn')}</TextLink>
        </>
      }
    >
      <form data-testid="register-form" noValidate onSubmit={submit} className="space-y-4">
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <TextField
          label={t('auth.register.displayName')}
          hint={t('auth.register.displayNameHint')}
          name="displayName"
          autoComplete="name"
          maxLength={64}
          required
          autoFocus
          error={errors.fields.displayName}
          onInput={() => clearField('displayName')}
        />
        <TextField
          label={t('auth.register.username')}
          hint={t('auth.register.usernameHint')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={32}
          required
          error={errors.fields.username}
          onInput={() => clearField('username')}
        />
        <TextField
          label={t('auth.register.email')}
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          required
          error={errors.fields.email}
          onInput={() => clearField('email')}
        />
        <TextField
          label={t('auth.register.password')}
          hint={t('auth.register.passwordHint')}
          name="password"
          type="password"
          autoComplete="new-password"
          maxLength={128}
          required
          error={errors.fields.password}
          onInput={() => clearField('password')}
        />
        <Button type="submit" pending={register.isPending} className="w-full">
          {t('auth.register.submit')}
        </Button>
      </form>
      <ProviderButtons next={searchParams.get('next')} />
    </AuthCard>
  );
}

function CheckEmail({ email }: { email: string }) {
  const { t } = useTranslation();
  usePageTitle(t('auth.checkEmail.title'));
  return (
    <AuthCard
      heading={t('auth.checkEmail.heading')}
      description={<p data-testid="check-email">{t('auth.checkEmail.text', { email })}</p>}
      footer={<TextLink to="/login">{t('auth.checkEmail.toLogin')}</TextLink>}
    >
      <p className="mb-3 text-sm text-slate-600">{t('auth.checkEmail.notArrived')}</p>
      <ResendConfirmation email={email} />
    </AuthCard>
  );
}
