import { ErrorCode, type Me, TotpDisableRequestSchema } from '@beseda/protocol';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  describeApiError,
  type FormErrors,
  formErrorsFrom,
  noFormErrors,
  validateFields,
} from '../../components/forms/form-errors';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { TextField } from '../../components/ui/fields';
import { QrCode } from './QrCode';
import { RecoveryCodes } from './RecoveryCodes';
import { useDisableTotp, useEnableTotp, useRegenerateRecoveryCodes, useStartTotpSetup } from './security.api';
import { SettingsSection } from './SettingsLayout';

type Panel = 'none' | 'setup' | 'disable' | 'regenerate';

function sixDigitsError(t: TFunction, code: string): string | undefined {
  return /^\d{6}$/.test(code) ? undefined : t('validation.sixDigits');
}

export function TwoFactorSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [panel, setPanel] = useState<Panel>('none');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const setup = useStartTotpSetup();

  const open = (next: Panel) => {
    setNotice(null);
    setPanel(next);
  };
  const showCodes = (codes: string[], message: string | null) => {
    setRecoveryCodes(codes);
    setNotice(message);
    setPanel('none');
  };

  const badge = (
    <span
      className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${
        me.totpEnabled ? 'bg-emerald-100 text-emerald-800' : 'bg-slate-100 text-slate-700'
      }`}
    >
      {me.totpEnabled ? t('security.totp.on') : t('security.totp.off')}
    </span>
  );

  return (
    <SettingsSection
      title={t('security.totp.heading')}
      description={t('security.totp.description')}
      aside={badge}
    >
      <div className="space-y-4">
        {notice && <Alert tone="success">{notice}</Alert>}
        {recoveryCodes && (
          <RecoveryCodes codes={recoveryCodes} account={me.username} onDone={() => setRecoveryCodes(null)} />
        )}

        {!me.totpEnabled && panel === 'setup' && setup.data && (
          <SetupPanel
            secret={setup.data.secret}
            otpauthUri={setup.data.otpauthUri}
            onEnabled={(codes) => showCodes(codes, t('security.totp.enabled'))}
            onCancel={() => open('none')}
          />
        )}
        {!me.totpEnabled && panel !== 'setup' && (
          <>
            {setup.isError && <Alert tone="error">{describeApiError(t, setup.error)}</Alert>}
            <Button
              pending={setup.isPending}
              onClick={() => setup.mutate(undefined, { onSuccess: () => open('setup') })}
            >
              {t('security.totp.setUp')}
            </Button>
          </>
        )}

        {me.totpEnabled && panel === 'disable' && (
          <DisableForm
            onDisabled={() => {
              setRecoveryCodes(null);
              setPanel('none');
              setNotice(t('security.totp.disabled'));
            }}
            onCancel={() => open('none')}
          />
        )}
        {me.totpEnabled && panel === 'regenerate' && (
          <RegenerateForm onRegenerated={(codes) => showCodes(codes, null)} onCancel={() => open('none')} />
        )}
        {me.totpEnabled && panel === 'none' && (
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => open('regenerate')}>
              {t('security.totp.regenerate')}
            </Button>
            <Button variant="danger" onClick={() => open('disable')}>
              {t('security.totp.disable')}
            </Button>
          </div>
        )}
      </div>
    </SettingsSection>
  );
}

interface SetupPanelProps {
  secret: string;
  otpauthUri: string;
  onEnabled: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}

function SetupPanel({ secret, otpauthUri, onEnabled, onCancel }: SetupPanelProps) {
  const { t } = useTranslation();
  const enable = useEnableTotp();
  const [errors, setErrors] = useState<FormErrors<'code'>>(noFormErrors);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').replace(/\s+/g, '');
    const invalid = sixDigitsError(t, code);
    setErrors(invalid ? { fields: { code: invalid }, form: null } : noFormErrors);
    if (invalid) return;
    enable.mutate(code, {
      onSuccess: ({ recoveryCodes }) => onEnabled(recoveryCodes),
      onError: (error) =>
        setErrors(
          formErrorsFrom(t, error, { fields: ['code'], codeFields: { [ErrorCode.invalidMfaCode]: 'code' } }),
        ),
    });
  };

  return (
    <div className="space-y-5 rounded-lg border border-slate-200 p-4 sm:p-5">
      <div className="flex flex-col items-center gap-4 sm:flex-row sm:items-start">
        <QrCode value={otpauthUri} alt={t('security.totp.qrAlt')} />
        <div className="min-w-0 text-sm text-slate-700">
          <p>{t('security.totp.scan')}</p>
          <p className="mt-3">{t('security.totp.manual')}</p>
          <code
            data-testid="totp-secret"
            className="mt-1 block rounded-md bg-slate-100 px-3 py-2 font-mono text-sm tracking-wider break-all text-slate-900 select-all"
          >
            {secret}
          </code>
        </div>
      </div>
      <form noValidate onSubmit={submit} className="space-y-4">
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <AppCodeField error={errors.fields.code} onInput={() => setErrors(noFormErrors)} />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" pending={enable.isPending}>
            {t('security.totp.enable')}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </div>
  );
}

type DisableField = 'password' | 'code';
const disableFields: readonly DisableField[] = ['password', 'code'];

function DisableForm({ onDisabled, onCancel }: { onDisabled: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const disable = useDisableTotp();
  const fields = disableFields;
  const [errors, setErrors] = useState<FormErrors<DisableField>>(noFormErrors);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values = {
      password: String(data.get('password') ?? ''),
      code: String(data.get('code') ?? '').replace(/\s+/g, ''),
    };
    const invalid = validateFields(t, TotpDisableRequestSchema, values, { fields });
    setErrors(invalid ? { fields: invalid, form: null } : noFormErrors);
    if (invalid) return;
    disable.mutate(values, {
      onSuccess: onDisabled,
      onError: (error) =>
        setErrors(
          formErrorsFrom(t, error, {
            fields,
            codeFields: { [ErrorCode.invalidCredentials]: 'password', [ErrorCode.invalidMfaCode]: 'code' },
            messages: { [ErrorCode.invalidCredentials]: t('errors.currentPasswordWrong') },
          }),
        ),
    });
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4 rounded-lg border border-red-200 p-4 sm:p-5">
      <p className="text-sm text-slate-700">{t('security.totp.disableText')}</p>
      {errors.form && <Alert tone="error">{errors.form}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={t('security.totp.disablePassword')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.fields.password}
          onInput={() => setErrors(noFormErrors)}
        />
        <TextField
          label={t('security.totp.disableCode')}
          name="code"
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={32}
          required
          className="font-mono"
          error={errors.fields.code}
          onInput={() => setErrors(noFormErrors)}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" pending={disable.isPending}>
          {t('security.totp.disableSubmit')}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function RegenerateForm({
  onRegenerated,
  onCancel,
}: {
  onRegenerated: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const regenerate = useRegenerateRecoveryCodes();
  const [errors, setErrors] = useState<FormErrors<'code'>>(noFormErrors);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').replace(/\s+/g, '');
    const invalid = sixDigitsError(t, code);
    setErrors(invalid ? { fields: { code: invalid }, form: null } : noFormErrors);
    if (invalid) return;
    regenerate.mutate(code, {
      onSuccess: ({ recoveryCodes }) => onRegenerated(recoveryCodes),
      onError: (error) =>
        setErrors(
          formErrorsFrom(t, error, { fields: ['code'], codeFields: { [ErrorCode.invalidMfaCode]: 'code' } }),
        ),
    });
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4 rounded-lg border border-slate-200 p-4 sm:p-5">
      <p className="text-sm text-slate-700">{t('security.totp.regenerateText')}</p>
      {errors.form && <Alert tone="error">{errors.form}</Alert>}
      <AppCodeField error={errors.fields.code} onInput={() => setErrors(noFormErrors)} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={regenerate.isPending}>
          {t('security.totp.regenerateSubmit')}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** The six-digit code from the authenticator app, as both setup and code regeneration ask for it. */
function AppCodeField({ error, onInput }: { error: string | undefined; onInput: () => void }) {
  const { t } = useTranslation();
  return (
    <TextField
      label={t('security.totp.code')}
      name="code"
      autoComplete="one-time-code"
      inputMode="numeric"
      pattern="[0-9]*"
      maxLength={6}
      required
      className="font-mono tracking-[0.3em] sm:max-w-48"
      error={error}
      onInput={onInput}
    />
  );
}
