import type { Session } from '@beseda/protocol';
import type { TFunction } from 'i18next';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { signOut } from '../../auth/session';
import { describeApiError } from '../../components/forms/form-errors';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { useFormatters } from '../../i18n/format';
import { LoadingBlock } from './MeBoundary';
import { useRevokeOtherSessions, useRevokeSession, useSessions } from './sessions.api';
import { SettingsSection } from './SettingsLayout';

export function SessionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('settings.tabs.sessions'));
  const sessions = useSessions();
  const revokeOthers = useRevokeOtherSessions();
  const revoke = useRevokeSession();
  const hasOthers = sessions.data?.some((session) => !session.current) ?? false;

  return (
    <SettingsSection title={t('sessions.heading')} description={t('sessions.description')}>
      {sessions.isPending && <LoadingBlock />}
      {sessions.isError && (
        <Alert tone="error">
          <p className="font-medium">{t('sessions.loadError')}</p>
          <p className="mt-1">{describeApiError(t, sessions.error)}</p>
          <Button
            variant="secondary"
            className="mt-3"
            pending={sessions.isFetching}
            onClick={() => void sessions.refetch()}
          >
            {t('common.retry')}
          </Button>
        </Alert>
      )}
      {sessions.isSuccess && (
        <div className="space-y-4">
          {revoke.isError && <Alert tone="error">{describeApiError(t, revoke.error)}</Alert>}
          {revokeOthers.isError && <Alert tone="error">{describeApiError(t, revokeOthers.error)}</Alert>}
          {revokeOthers.isSuccess && (
            <Alert tone="success">{t('sessions.revokedOthers', { count: revokeOthers.data.revoked })}</Alert>
          )}
          {sessions.data.length === 0 ? (
            <p className="text-sm text-slate-600">{t('sessions.empty')}</p>
          ) : (
            <ul
              data-testid="sessions-list"
              className="divide-y divide-slate-200 rounded-lg border border-slate-200"
            >
              {sessions.data.map((session) => (
                <SessionRow
                  key={session.id}
                  session={session}
                  revoking={revoke.isPending && revoke.variables === session.id}
                  onRevoke={() => revoke.mutate(session.id)}
                />
              ))}
            </ul>
          )}
          <Button
            variant="danger"
            pending={revokeOthers.isPending}
            disabled={!hasOthers}
            onClick={() => revokeOthers.mutate()}
          >
            {t('sessions.revokeOthers')}
          </Button>
        </div>
      )}
    </SettingsSection>
  );
}

interface SessionRowProps {
  session: Session;
  revoking: boolean;
  onRevoke: () => void;
}

function SessionRow({ session, revoking, onRevoke }: SessionRowProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const navigate = useNavigate();
  const device = session.device ?? t('common.unknownDevice');
  const method = authMethodLabel(session.authMethod, t);

  const signOutHere = async () => {
    await signOut();
    void navigate('/login', { replace: true });
  };

  return (
    <li
      data-testid="session-row"
      data-current={session.current ? 'true' : 'false'}
      className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between"
    >
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
          <span className="break-words">{device}</span>
          {session.current && (
            <span className="rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-700">
              {t('sessions.thisDevice')}
            </span>
          )}
        </p>
        <p className="mt-1 text-sm text-slate-600">
          {session.ip && <span className="mr-3 inline-block">{t('sessions.ip', { ip: session.ip })}</span>}
          <span className="inline-block" title={format.dateTime(session.lastUsedAt)}>
            {t('sessions.lastActive', { when: format.relative(session.lastUsedAt) })}
          </span>
        </p>
        <p className="mt-0.5 text-xs text-slate-500">
          {t('sessions.signedIn', { when: format.dateTime(session.createdAt) })}
          {method && ` ${method}`}
        </p>
      </div>
      <Button
        variant="secondary"
        pending={revoking}
        onClick={session.current ? () => void signOutHere() : onRevoke}
        aria-label={t('sessions.revokeDevice', { device })}
        className="shrink-0 self-start sm:self-center"
      >
        {t('sessions.revoke')}
      </Button>
    </li>
  );
}

/**
 * The server names how a session signed in: `password`, `password+totp`, `password+recovery`,
 * or `oauth:<provider>` (with `+totp` / `+recovery` when a second factor followed).
 */
function authMethodLabel(method: string, t: TFunction): string | null {
  const [first, second] = method.split('+');
  if (first === 'password') {
    if (second === 'totp') return t('sessions.method.totp');
    if (second === 'recovery') return t('sessions.method.recovery_code');
    return t('sessions.method.password');
  }
  if (first?.startsWith('oauth:'))
    return t('sessions.method.provider', { provider: first.slice('oauth:'.length) });
  return null;
}
