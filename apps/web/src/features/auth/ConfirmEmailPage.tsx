import { ErrorCode } from '@beseda/protocol';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api/api-error';
import { describeApiError } from '../../components/forms/form-errors';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { Alert } from '../../components/ui/Alert';
import { Spinner } from '../../components/ui/Spinner';
import { TextLink } from '../../components/ui/TextLink';
import { useEmailConfirmation } from './auth.api';
import { AuthCard } from './AuthLayout';
import { ResendConfirmation } from './ResendConfirmation';

/** Target of the link in the confirmation e-mail: confirms as it opens. */
export function ConfirmEmailPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.confirm.title'));
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const confirmation = useEmailConfirmation(token);

  if (token && confirmation.isPending) {
    return (
      <AuthCard heading={t('auth.confirm.title')}>
        <p role="status" className="flex items-center gap-3 text-slate-600">
          <Spinner className="size-5 text-brand-600" />
          {t('auth.confirm.pending')}
        </p>
      </AuthCard>
    );
  }

  if (confirmation.isSuccess) {
    return (
      <AuthCard heading={t('auth.confirm.successHeading')} description={t('auth.confirm.successText')}>
        <TextLink
          to="/login"
          className="inline-flex min-h-10 w-full items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm text-white no-underline shadow-xs hover:bg-brand-700 hover:no-underline"
        >
          {t('auth.confirm.signIn')}
        </TextLink>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      heading={t('auth.confirm.failureHeading')}
      description={token ? t('auth.confirm.failureText') : t('auth.confirm.missingToken')}
      footer={<TextLink to="/login">{t('auth.forgot.back')}</TextLink>}
    >
      {/* An invalid token is what the heading already says; anything else (offline…) is news. */}
      {confirmation.isError &&
        !(isApiError(confirmation.error) && confirmation.error.code === ErrorCode.invalidToken) && (
          <Alert tone="error" className="mb-4">
            {describeApiError(t, confirmation.error)}
          </Alert>
        )}
      <ResendConfirmation />
    </AuthCard>
  );
}
