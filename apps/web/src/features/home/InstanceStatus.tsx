import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/api-error';
import { useInstance } from './instance.api';

/** Card showing which server this client talks to, or why it cannot reach it. */
export function InstanceStatus() {
  const { t } = useTranslation();
  const instance = useInstance();

  return (
    <section
      data-testid="instance-status"
      aria-labelledby="instance-status-title"
      aria-busy={instance.isPending}
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs"
    >
      <h2 id="instance-status-title" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
        {t('home.status.title')}
      </h2>

      {instance.isPending && (
        <p role="status" className="mt-3 flex items-center gap-2 text-slate-600">
          <span className="size-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" />
          {t('home.status.loading')}
        </p>
      )}

      {instance.isSuccess && (
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-500">{t('home.status.name')}</dt>
          <dd className="flex items-center gap-2 font-medium text-slate-900">
            <span className="size-2 rounded-full bg-emerald-500" aria-hidden="true" />
            <span data-testid="instance-name">{instance.data.name}</span>
            <span className="sr-only">({t('home.status.online')})</span>
          </dd>
          <dt className="text-slate-500">{t('home.status.version')}</dt>
          <dd data-testid="instance-version" className="font-mono text-slate-900">
            {instance.data.version}
          </dd>
        </dl>
      )}

      {instance.isError && (
        <div role="alert" className="mt-3 rounded-lg border border-red-200 bg-red-50 p-4 text-sm">
          <p className="font-medium text-red-800">{t('home.status.errorTitle')}</p>
          <p className="mt-1 text-red-700">{instance.error.message}</p>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-red-800">
            <dt>{t('home.status.errorCode')}</dt>
            <dd>
              <code data-testid="instance-error-code" className="font-mono">
                {isApiError(instance.error) ? instance.error.code : instance.error.name}
              </code>
            </dd>
            {isApiError(instance.error) && instance.error.requestId && (
              <>
                <dt>{t('home.status.requestId')}</dt>
                <dd>
                  <code className="font-mono break-all">{instance.error.requestId}</code>
                </dd>
              </>
            )}
          </dl>
          <button
            type="button"
            onClick={() => void instance.refetch()}
            disabled={instance.isFetching}
            className="mt-4 rounded-md bg-white px-3 py-1.5 font-medium text-red-800 shadow-xs ring-1 ring-red-200 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-red-500 disabled:opacity-60"
          >
            {t('home.status.retry')}
          </button>
        </div>
      )}
    </section>
  );
}
