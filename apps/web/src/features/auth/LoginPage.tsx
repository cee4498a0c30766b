import { ErrorCode, LoginRequestSchema } from '@beseda/protocol';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api/api-error';
import {
  type FormErrors,
  formErrorsFrom,
  noFormErrors,
  rateLimitMessage,
  validateFields,
} from '../../components/forms/form-errors';
import { useCooldown } from '../../components/forms/useCooldown';
import { useOneTimeParams } from '../../components/layout/useOneTimeParams';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { TextField } from '../../components/ui/fields';
import { TextLink } from '../../components/ui/TextLink';
import { useLogin } from './auth.api';
import { AuthCard } from './AuthLayout';
import { redirectErrorMessage } from './provider-sign-in';
import { ProviderButtons } from './ProviderButtons';
import { ResendConfirmation } from './ResendConfirmation';
import { TotpStep } from './TotpStep';

type Field = 'login' | 'password';
const fields: readonly Field[] = ['login', 'password'];

/**
 * Sign in. With two-factor authentication the second step replaces the form on the same page;
 * once a session exists the route guard moves on to `next`. A sign-in through an identity
 * provider comes back here only when it is not finished: `?mfa=<token>` opens the second step
 * directly, `?error=<code>` says what went wrong.
 */
export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.login.title'));
  const arrival = useOneTimeParams(['mfa', 'error']);
  const [mfaToken, setMfaToken] = useState<string | null>(arrival.mfa);
  const [notice, setNotice] = useState<string | null>(null);

  if (mfaToken) {
    return (
      <TotpStep
        mfaToken={mfaToken}
        onRestart={(reason) => {
          setNotice(reason === 'expired' ? t('auth.login.challengeExpired') : null);
          setMfaToken(null);
        }}
      />
    );
  }
  return <PasswordStep notice={notice} providerError={arrival.error} onChallenge={setMfaToken} />;
}

interface PasswordStepProps {
  notice: string | null;
  /** The code of a failed sign-in through an identity provider, shown until the form is sent. */
  providerError: string | null;
  onChallenge: (mfaToken: string) => void;
}

function PasswordStep({ notice, providerError, onChallenge }: PasswordStepProps) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const login = useLogin();
  const cooldown = useCooldown();
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [providerErrorShown, setProviderErrorShown] = useState(providerError !== null);
  /** The login typed when the server said the address is not confirmed yet. */
  const [unconfirmedLogin, setUnconfirmedLogin] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values = {
      login: String(data.get('login') ?? '').trim(),
      password: String(data.get('password') ?? ''),
    };
    const invalid = validateFields(t, LoginRequestSchema, values, { fields });
    setErrors(invalid ? { fields: invalid, form: null } : noFormErrors);
    setUnconfirmedLogin(null);
    setProviderErrorShown(false);
    if (invalid) return;

    login.mutate(values, {
      onSuccess: (result) => {
        if (result.mfaRequired) onChallenge(result.mfaToken);
      },
      onError: (error) => {
        if (isApiError(error) && error.code === ErrorCode.rateLimited) {
          cooldown.start(error.retryAfterSeconds ?? 30);
          return;
        }
        if (isApiError(error) && error.code === ErrorCode.emailNotConfirmed)
          setUnconfirmedLogin(values.login);
        setErrors(
          formErrorsFrom(t, error, { fields, codeFields: { [ErrorCode.invalidCredentials]: 'password' } }),
        );
      },
    });
  };

  const clearField = (field: Field) =>
    setErrors((current) => ({ ...current, fields: { ...current.fields, [field]: undefined } }));
  const next = searchParams.get('next');

  return (
    <AuthCard
      heading={t('auth.login.heading')}
      footer={
        <>
          {t('auth.login.noAccount')}{' '}
          <TextLink to={next ? `/register?next=${encodeURIComponent(next)}` : '/register'}>
            {t('auth.login.register')}
          </TextLink>
        </>
      }
    >
      <form data-testid="login-form" noValidate onSubmit={submit} className="space-y-4">
        {notice && <Alert tone="info">{notice}</Alert>}
        {providerError && providerErrorShown && (
          <Alert tone="error">{redirectErrorMessage(t, providerError)}</Alert>
        )}
        {cooldown.remaining > 0 && <Alert tone="error">{rateLimitMessage(t, cooldown.remaining)}</Alert>}
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <TextField
          label={t('auth.login.login')}
          name="login"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          error={errors.fields.login}
          onInput={() => clearField('login')}
        />
        <div>
          <TextField
            label={t('auth.login.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={errors.fields.password}
            onInput={() => clearField('password')}
          />
          <p className="mt-2 text-right text-sm">
            <TextLink to="/forgot-password">{t('auth.login.forgot')}</TextLink>
          </p>
        </div>
        <Button type="submit" pending={login.isPending} disabled={cooldown.remaining > 0} className="w-full">
          {t('auth.login.submit')}
        </Button>
      </form>
      <ProviderButtons next={next} />
      {unconfirmedLogin !== null && (
        <div className="mt-6 border-t border-slate-200 pt-5">
          <p className="mb-3 text-sm text-slate-600">{t('auth.login.resendHint')}</p>
          <ResendConfirmation email={unconfirmedLogin.includes('@') ? unconfirmedLogin : undefined} />
        </div>
      )}
    </AuthCard>
  );
}
