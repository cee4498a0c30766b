import { ErrorCode, ResetPasswordRequestSchema } from '@beseda/protocol';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api/api-error';
import { signOut } from '../../auth/session';
import { getSessionState } from '../../auth/session-store';
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
import { useResetPassword } from './auth.api';
import { AuthCard } from './AuthLayout';

const fields = ['password'] as const;

/** Target of the link in the password reset e-mail. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.reset.title'));
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const reset = useResetPassword();
  const [errors, setErrors] = useState<FormErrors<'password'>>(noFormErrors);
  const [tokenRejected, setTokenRejected] = useState(false);
  const requestNew = <TextLink to="/forgot-password">{t('auth.reset.requestNew')}</TextLink>;

  if (reset.isSuccess) {
    return (
      <AuthCard
        heading={t('auth.reset.doneHeading')}
        description={t('auth.reset.doneText')}
        footer={<TextLink to="/login">{t('auth.reset.signIn')}</TextLink>}
      />
    );
  }
  if (!token) {
    return (
      <AuthCard
        heading={t('auth.reset.heading')}
        description={t('auth.reset.missingToken')}
        footer={requestNew}
      />
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    const invalid = validateFields(t, ResetPasswordRequestSchema, { token, password }, { fields });
    setErrors(invalid ? { fields: invalid, form: null } : noFormErrors);
    if (invalid) return;
    reset.mutate(
      { token, password },
      {
        // The server has just signed out every session, this browser's included.
        onSuccess: () => {
          if (getSessionState().status === 'signedIn') void signOut();
        },
        onError: (error) => {
          setTokenRejected(isApiError(error) && error.code === ErrorCode.invalidToken);
          setErrors(
            formErrorsFrom(t, error, { fields, codeFields: { [ErrorCode.weakPassword]: 'password' } }),
          );
        },
      },
    );
  };

  return (
    <AuthCard heading={t('auth.reset.heading')} description={t('auth.reset.text')} footer={requestNew}>
      <form noValidate onSubmit={submit} className="space-y-4">
        {errors.form && (
          <Alert tone="error">
            {errors.form}
            {tokenRejected && <span className="mt-1 block">{requestNew}</span>}
          </Alert>
        )}
        <TextField
          label={t('auth.reset.password')}
          hint={t('auth.register.passwordHint')}
          name="password"
          type="password"
          autoComplete="new-password"
          maxLength={128}
          required
          autoFocus
          error={errors.fields.password}
          onInput={() => setErrors(noFormErrors)}
        />
        <Button type="submit" pending={reset.isPending} className="w-full">
          {t('auth.reset.submit')}
        </Button>
      </form>
    </AuthCard>
  );
}
