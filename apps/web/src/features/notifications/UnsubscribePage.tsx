import { ErrorCode } from '@beseda/protocol';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api/api-error';
import { describeApiError } from '../../components/forms/form-errors';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { TextLink } from '../../components/ui/TextLink';
import { AuthCard } from '../auth/AuthLayout';
import { useUnsubscribeFromDigests } from './email-digest.api';

const settingsLink = '/settings/notifications';

/**
 * Target of the unsubscribe link in an e-mail digest. Asks before acting: mail scanners open
 * links on their own, and a GET that unsubscribed would turn digests off behind the person's back.
 */
export function UnsubscribePage() {
  const { t } = useTranslation();
  usePageTitle(t('unsubscribe.title'));
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const unsubscribe = useUnsubscribeFromDigests();
  const invalid =
    token === '' ||
    (isApiError(unsubscribe.error) && unsubscribe.error.code === ErrorCode.invalidUnsubscribeToken);

  if (unsubscribe.isSuccess) {
    return (
      <AuthCard
        heading={t('unsubscribe.doneHeading')}
        description={t('unsubscribe.doneText')}
        footer={<TextLink to={settingsLink}>{t('unsubscribe.settings')}</TextLink>}
      />
    );
  }

  if (invalid) {
    return (
      <AuthCard
        heading={t('unsubscribe.invalidHeading')}
        description={t('unsubscribe.invalidText')}
        footer={<TextLink to={settingsLink}>{t('unsubscribe.settings')}</TextLink>}
      />
    );
  }

  return (
    <AuthCard heading={t('unsubscribe.title')} description={t('unsubscribe.description')}>
      {unsubscribe.isError && (
        <Alert tone="error" className="mb-4">
          {describeApiError(t, unsubscribe.error)}
        </Alert>
      )}
      <Button className="w-full" pending={unsubscribe.isPending} onClick={() => unsubscribe.mutate(token)}>
        {t('unsubscribe.confirm')}
      </Button>
    </AuthCard>
  );
}
