import { ResendConfirmationRequestSchema } from '@beseda/protocol';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError, validateFields } from '../../components/forms/form-errors';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { TextField } from '../../components/ui/fields';
import { useResendConfirmation } from './auth.api';

interface ResendConfirmationProps {
  /** When the address is known the button alone is enough; otherwise the visitor types it. */
  email?: string | undefined;
}

/** Sends the confirmation link again; the server answers the same for any address. */
export function ResendConfirmation({ email }: ResendConfirmationProps) {
  const { t } = useTranslation();
  const resend = useResendConfirmation();
  const [fieldError, setFieldError] = useState<string | undefined>();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const address = (email ?? String(new FormData(event.currentTarget).get('email') ?? '')).trim();
    const invalid = validateFields(
      t,
      ResendConfirmationRequestSchema,
      { email: address },
      { fields: ['email'] },
    );
    setFieldError(invalid?.email);
    if (!invalid) resend.mutate(address);
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-3">
      {email === undefined && (
        <TextField
          label={t('auth.resend.email')}
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          error={fieldError}
          onInput={() => setFieldError(undefined)}
        />
      )}
      <Button type="submit" variant="secondary" pending={resend.isPending} className="w-full sm:w-auto">
        {t('auth.resend.submit')}
      </Button>
      {resend.isSuccess && <Alert tone="success">{t('auth.resend.sent')}</Alert>}
      {resend.isError && <Alert tone="error">{describeApiError(t, resend.error)}</Alert>}
    </form>
  );
}
