import type { Me } from '@beseda/protocol';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../../components/forms/form-errors';
import { Alert } from '../../components/ui/Alert';
import { useEmailDigestPolicy } from '../notifications/email-digest.api';
import { useUpdateProfile } from './me.api';
import { LoadingBlock } from './MeBoundary';
import { SettingsSection } from './SettingsLayout';
import { SettingSwitch } from './SettingSwitch';

/** The person's choice of e-mail digests of unread direct messages and mentions. */
export function EmailDigestSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const policy = useEmailDigestPolicy();
  const update = useUpdateProfile();
  // Shown as asked while the change is on its way; the saved account replaces it after.
  const on = update.isPending ? update.variables?.emailDigest === true : me.emailDigest;

  return (
    <SettingsSection
      title={t('emailDigest.heading')}
      description={
        policy.data?.available ? t('emailDigest.description', { count: policy.data.delayMinutes }) : undefined
      }
      testId="email-digest"
    >
      {policy.isPending && <LoadingBlock />}
      {policy.isError && <Alert tone="error">{describeApiError(t, policy.error)}</Alert>}
      {policy.data && !policy.data.available && <Alert tone="info">{t('emailDigest.unavailable')}</Alert>}
      {policy.data?.available && (
        <div className="space-y-4">
          <div className="flex items-center justify-between gap-4">
            <span id="email-digest-toggle-label" className="text-sm font-medium text-slate-900">
              {t('emailDigest.toggle')}
            </span>
            <SettingSwitch
              labelledBy="email-digest-toggle-label"
              on={on}
              pending={update.isPending}
              onToggle={() => update.mutate({ emailDigest: !me.emailDigest })}
            />
          </div>
          {update.isError && (
            <Alert tone="error">
              <p className="font-medium">{t('emailDigest.saveError')}</p>
              <p className="mt-1">{describeApiError(t, update.error)}</p>
            </Alert>
          )}
        </div>
      )}
    </SettingsSection>
  );
}
