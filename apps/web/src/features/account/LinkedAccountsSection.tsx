import { type Identity, type OAuthProviderId, OAuthProviderIdSchema } from '@beseda/protocol';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../../components/forms/form-errors';
import { useOneTimeParams } from '../../components/layout/useOneTimeParams';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { useFormatters } from '../../i18n/format';
import { useAuthProviders } from '../auth/auth.api';
import { fallbackProviderName, leaveForProvider, redirectErrorMessage } from '../auth/provider-sign-in';
import { ProviderIcon } from '../auth/ProviderIcon';
import { useIdentities, useLinkIdentity, useUnlinkIdentity } from './identities.api';
import { LoadingBlock } from './MeBoundary';
import { SettingsSection } from './SettingsLayout';

/**
 * Accounts at identity providers that sign in to this one. Linking leaves for the provider and
 * comes back to `?linked=<provider>`, or to `?error=<code>` (forwarded here by the login route).
 */
export function LinkedAccountsSection() {
  const { t } = useTranslation();
  const arrival = useOneTimeParams(['linked', 'error']);
  const identities = useIdentities();
  const providers = useAuthProviders();
  const link = useLinkIdentity();
  const unlink = useUnlinkIdentity();
  const [unlinked, setUnlinked] = useState<OAuthProviderId | null>(null);
  /** The news the redirect brought stays until the next action here. */
  const [arrivalShown, setArrivalShown] = useState(true);

  const configured = providers.data ?? [];
  const linkedNow = OAuthProviderIdSchema.safeParse(arrival.linked).data;
  const nameOf = (provider: OAuthProviderId) =>
    configured.find((candidate) => candidate.id === provider)?.name ?? fallbackProviderName(t, provider);

  // An installation without providers, and an account that never linked one: nothing to manage.
  const nothingToShow =
    !providers.isPending &&
    configured.length === 0 &&
    identities.data?.length === 0 &&
    !linkedNow &&
    !arrival.error;
  if (nothingToShow) return null;

  const linkable = configured.filter(
    (provider) => !identities.data?.some((identity) => identity.provider === provider.id),
  );

  return (
    <SettingsSection
      testId="linked-accounts"
      title={t('security.identities.heading')}
      description={t('security.identities.description')}
    >
      <div className="space-y-4">
        {arrivalShown && linkedNow && (
          <Alert tone="success">{t('security.identities.linked', { provider: nameOf(linkedNow) })}</Alert>
        )}
        {arrivalShown && arrival.error && (
          <Alert tone="error">
            <p className="font-medium">{t('security.identities.linkFailed')}</p>
            <p className="mt-1">{redirectErrorMessage(t, arrival.error)}</p>
          </Alert>
        )}
        {unlinked && (
          <Alert tone="success">{t('security.identities.unlinked', { provider: nameOf(unlinked) })}</Alert>
        )}

        {identities.isPending && <LoadingBlock />}
        {identities.isError && (
          <Alert tone="error">
            <p className="font-medium">{t('security.identities.loadError')}</p>
            <p className="mt-1">{describeApiError(t, identities.error)}</p>
            <Button
              variant="secondary"
              className="mt-3"
              pending={identities.isFetching}
              onClick={() => void identities.refetch()}
            >
              {t('common.retry')}
            </Button>
          </Alert>
        )}
        {identities.isSuccess &&
          (identities.data.length === 0 ? (
            <p className="text-sm text-slate-600">{t('security.identities.empty')}</p>
          ) : (
            <ul
              data-testid="identities-list"
              className="divide-y divide-slate-200 rounded-lg border border-slate-200"
            >
              {identities.data.map((identity) => (
                <IdentityRow
                  key={identity.id}
                  identity={identity}
                  name={nameOf(identity.provider)}
                  unlinking={unlink.isPending && unlink.variables === identity.id}
                  error={
                    unlink.isError && unlink.variables === identity.id
                      ? describeApiError(t, unlink.error)
                      : null
                  }
                  onUnlink={() => {
                    setArrivalShown(false);
                    setUnlinked(null);
                    unlink.mutate(identity.id, { onSuccess: () => setUnlinked(identity.provider) });
                  }}
                />
              ))}
            </ul>
          ))}

        {link.isError && <Alert tone="error">{describeApiError(t, link.error)}</Alert>}
        {identities.isSuccess && linkable.length > 0 && (
          <div className="flex flex-wrap gap-2">
            {linkable.map((provider) => (
              <Button
                key={provider.id}
                variant="secondary"
                pending={link.isPending && link.variables === provider.id}
                disabled={link.isPending}
                onClick={() => {
                  setArrivalShown(false);
                  setUnlinked(null);
                  link.mutate(provider.id, { onSuccess: ({ url }) => leaveForProvider(url) });
                }}
              >
                <ProviderIcon provider={provider.id} className="size-5 shrink-0" />
                {t('security.identities.link', { provider: provider.name })}
              </Button>
            ))}
          </div>
        )}
      </div>
    </SettingsSection>
  );
}

interface IdentityRowProps {
  identity: Identity;
  name: string;
  unlinking: boolean;
  error: string | null;
  onUnlink: () => void;
}

function IdentityRow({ identity, name, unlinking, error, onUnlink }: IdentityRowProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <li data-testid="identity-row" className="p-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex min-w-0 items-start gap-3">
          <ProviderIcon provider={identity.provider} className="mt-0.5 size-5 shrink-0" />
          <div className="min-w-0">
            <p className="font-medium text-slate-900">{name}</p>
            {identity.email && <p className="text-sm break-words text-slate-600">{identity.email}</p>}
            <p className="mt-0.5 text-xs text-slate-500">
              {t('security.identities.linkedAt', { when: format.dateTime(identity.createdAt) })}
            </p>
          </div>
        </div>
        <Button
          variant="secondary"
          pending={unlinking}
          onClick={onUnlink}
          aria-label={t('security.identities.unlinkProvider', { provider: name })}
          className="shrink-0 self-start sm:self-center"
        >
          {t('security.identities.unlink')}
        </Button>
      </div>
      {error && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {error}
        </p>
      )}
    </li>
  );
}
