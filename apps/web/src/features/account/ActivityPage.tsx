import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../../components/forms/form-errors';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { useFormatters } from '../../i18n/format';
import { useActivity } from './activity.api';
import { LoadingBlock } from './MeBoundary';
import { SettingsSection } from './SettingsLayout';
import { deviceOf } from './user-agent';

/** Event types the server records, with their labels; an unknown future type still gets a row. */
const typeLabels: Record<string, ParseKeys> = {
  login: 'activity.type.login',
  logout: 'activity.type.logout',
  register: 'activity.type.register',
  'email.confirmed': 'activity.type.emailConfirmed',
  'password.changed': 'activity.type.passwordChanged',
  'password.reset': 'activity.type.passwordReset',
  'session.revoked': 'activity.type.sessionRevoked',
  'totp.enabled': 'activity.type.totpEnabled',
  'totp.disabled': 'activity.type.totpDisabled',
  'recovery_codes.regenerated': 'activity.type.recoveryCodesRegenerated',
  'profile.updated': 'activity.type.profileUpdated',
  'identity.linked': 'activity.type.identityLinked',
  'identity.unlinked': 'activity.type.identityUnlinked',
  'account.blocked': 'activity.type.accountBlocked',
  'account.unblocked': 'activity.type.accountUnblocked',
};

export function ActivityPage() {
  const { t } = useTranslation();
  usePageTitle(t('settings.tabs.activity'));
  const format = useFormatters();
  const activity = useActivity();
  const events = activity.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <SettingsSection title={t('activity.heading')} description={t('activity.description')}>
      {activity.isPending && <LoadingBlock />}
      {activity.isError && events.length === 0 && (
        <Alert tone="error">
          <p className="font-medium">{t('activity.loadError')}</p>
          <p className="mt-1">{describeApiError(t, activity.error)}</p>
          <Button
            variant="secondary"
            className="mt-3"
            pending={activity.isFetching}
            onClick={() => void activity.refetch()}
          >
            {t('common.retry')}
          </Button>
        </Alert>
      )}
      {activity.isSuccess && events.length === 0 && (
        <p className="text-sm text-slate-600">{t('activity.empty')}</p>
      )}
      {events.length > 0 && (
        <ol
          data-testid="activity-list"
          className="divide-y divide-slate-200 rounded-lg border border-slate-200"
        >
          {events.map((event) => {
            const labelKey = typeLabels[event.type];
            const { browser, system } = deviceOf(event.userAgent) ?? {};
            const device =
              browser && system
                ? t('activity.device', { browser, system })
                : (browser ?? system ?? t('common.unknownDevice'));
            return (
              <li key={event.id} data-testid="activity-row" className="flex gap-3 p-4">
                <span
                  aria-hidden="true"
                  className={`mt-1.5 size-2.5 shrink-0 rounded-full ${event.success ? 'bg-emerald-500' : 'bg-red-500'}`}
                />
                <div className="min-w-0 flex-1 sm:flex sm:items-start sm:justify-between sm:gap-4">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                      <span className="font-medium text-slate-900">
                        {labelKey ? t(labelKey) : t('activity.type.other', { type: event.type })}
                      </span>
                      <span
                        className={`rounded-full px-2 py-0.5 text-xs font-medium ${
                          event.success ? 'bg-emerald-50 text-emerald-800' : 'bg-red-50 text-red-800'
                        }`}
                      >
                        {event.success ? t('activity.success') : t('activity.failure')}
                      </span>
                    </p>
                    <p className="mt-1 text-sm break-words text-slate-600">
                      {device}
                      {event.ip && ` · ${t('activity.ip', { ip: event.ip })}`}
                    </p>
                  </div>
                  <time
                    dateTime={event.createdAt}
                    title={format.relative(event.createdAt)}
                    className="mt-1 block shrink-0 text-xs text-slate-500 sm:mt-0 sm:text-right sm:text-sm"
                  >
                    {format.dateTime(event.createdAt)}
                  </time>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {activity.isFetchNextPageError && (
        <Alert tone="error" className="mt-4">
          {describeApiError(t, activity.error)}
        </Alert>
      )}
      {activity.hasNextPage && (
        <Button
          variant="secondary"
          className="mt-4 w-full sm:w-auto"
          pending={activity.isFetchingNextPage}
          onClick={() => void activity.fetchNextPage()}
        >
          {t('common.loadMore')}
        </Button>
      )}
    </SettingsSection>
  );
}
