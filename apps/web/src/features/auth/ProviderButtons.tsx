import { useTranslation } from 'react-i18next';
import { expectSessionOnReturn } from '../../auth/session';
import { buttonClass } from '../../components/ui/Button';
import { useAuthProviders } from './auth.api';
import { providerStartUrl } from './provider-sign-in';
import { ProviderIcon } from './ProviderIcon';

/**
 * "Continue with …" for each identity provider the server offers, under an "or" divider; nothing
 * at all while none is configured (or the list cannot be had: the password form still works).
 * Plain links: the server answers them with redirects to the provider and back.
 */
export function ProviderButtons({ next }: { next: string | null }) {
  const { t } = useTranslation();
  const providers = useAuthProviders();
  if (!providers.data || providers.data.length === 0) return null;

  return (
    <div data-testid="provider-sign-in" className="mt-6">
      <p className="flex items-center gap-3 text-xs font-medium tracking-wide text-slate-500 uppercase">
        <span aria-hidden="true" className="h-px flex-1 bg-slate-200" />
        {t('auth.providers.or')}
        <span aria-hidden="true" className="h-px flex-1 bg-slate-200" />
      </p>
      <ul aria-label={t('auth.providers.label')} className="mt-4 space-y-2">
        {providers.data.map((provider) => (
          <li key={provider.id}>
            <a
              href={providerStartUrl(provider.id, next)}
              // Also for a middle click: the tab that comes back must try the new refresh cookie.
              onClick={expectSessionOnReturn}
              onAuxClick={expectSessionOnReturn}
              className={buttonClass('secondary', 'w-full')}
            >
              <ProviderIcon provider={provider.id} className="size-5 shrink-0" />
              <span className="min-w-0 truncate">
                {t('auth.providers.continueWith', { name: provider.name })}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
