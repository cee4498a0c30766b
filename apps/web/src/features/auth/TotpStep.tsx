import { ErrorCode } from '@beseda/protocol';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/api-error';
import {
  type FormErrors,
  formErrorsFrom,
  noFormErrors,
  rateLimitMessage,
} from '../../components/forms/form-errors';
import { useCooldown } from '../../components/forms/useCooldown';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { TextField } from '../../components/ui/fields';
import { useLoginWithCode } from './auth.api';
import { AuthCard } from './AuthLayout';

type Mode = 'app' | 'recovery';
const fields = ['code'] as const;

interface TotpStepProps {
  mfaToken: string;
  /** Back to the password form: asked for, or because the challenge expired. */
  onRestart: (reason: 'expired' | 'cancelled') => void;
}

/** Second sign-in step: a code from the authenticator app or, failing that, a recovery code. */
export function TotpStep({ mfaToken, onRestart }: TotpStepProps) {
  const { t } = useTranslation();
  const loginWithCode = useLoginWithCode();
  const cooldown = useCooldown();
  const [mode, setMode] = useState<Mode>('app');
  const [errors, setErrors] = useState<FormErrors<'code'>>(noFormErrors);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').replace(/\s+/g, '');
    const fieldError =
      mode === 'app' && !/^\d{6}$/.test(code)
        ? t('validation.sixDigits')
        : code.length < 6
          ? t('validation.tooShort', { count: 6 })
          : undefined;
    setErrors(fieldError ? { fields: { code: fieldError }, form: null } : noFormErrors);
    if (fieldError) return;

    loginWithCode.mutate(
      { mfaToken, code },
      {
        onError: (error) => {
          if (isApiError(error) && error.code === ErrorCode.invalidToken) {
            onRestart('expired');
            return;
          }
          if (isApiError(error) && error.code === ErrorCode.rateLimited) {
            cooldown.start(error.retryAfterSeconds ?? 30);
            return;
          }
          setErrors(formErrorsFrom(t, error, { fields, codeFields: { [ErrorCode.invalidMfaCode]: 'code' } }));
        },
      },
    );
  };

  const switchMode = () => {
    setMode((current) => (current === 'app' ? 'recovery' : 'app'));
    setErrors(noFormErrors);
  };

  return (
    <AuthCard
      heading={t('auth.totp.heading')}
      description={mode === 'app' ? t('auth.totp.appText') : t('auth.totp.recoveryText')}
    >
      <form data-testid="totp-form" noValidate onSubmit={submit} className="space-y-4">
        {cooldown.remaining > 0 && <Alert tone="error">{rateLimitMessage(t, cooldown.remaining)}</Alert>}
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        {mode === 'app' ? (
          <TextField
            key="app"
            label={t('auth.totp.code')}
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            pattern="[0-9]*"
            maxLength={6}
            required
            autoFocus
            className="font-mono tracking-[0.3em]"
            error={errors.fields.code}
            onInput={() => setErrors(noFormErrors)}
          />
        ) : (
          <TextField
            key="recovery"
            label={t('auth.totp.recoveryCode')}
            name="code"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={32}
            required
            autoFocus
            className="font-mono"
            error={errors.fields.code}
            onInput={() => setErrors(noFormErrors)}
          />
        )}
        <Button
          type="submit"
          pending={loginWithCode.isPending}
          disabled={cooldown.remaining > 0}
          className="w-full"
        >
          {t('auth.totp.submit')}
        </Button>
        <div className="flex flex-col items-center gap-1 sm:flex-row sm:justify-between">
          <Button variant="ghost" onClick={switchMode}>
            {mode === 'app' ? t('auth.totp.useRecovery') : t('auth.totp.useApp')}
          </Button>
          <Button variant="ghost" onClick={() => onRestart('cancelled')}>
            {t('auth.totp.back')}
          </Button>
        </div>
      </form>
    </AuthCard>
  );
}
