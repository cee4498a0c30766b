import type { Me } from '@beseda/protocol';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../../components/forms/form-errors';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Spinner } from '../../components/ui/Spinner';
import { useMe } from './me.api';

/** Renders its children once the account is loaded; a spinner before, a retry on failure. */
export function MeBoundary({ children }: { children: (me: Me) => ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isSuccess) return children(me.data);
  if (me.isError) {
    return (
      <Alert tone="error">
        <p className="font-medium">{t('settings.loadError')}</p>
        <p className="mt-1">{describeApiError(t, me.error)}</p>
        <Button
          variant="secondary"
          className="mt-3"
          pending={me.isFetching}
          onClick={() => void me.refetch()}
        >
          {t('common.retry')}
        </Button>
      </Alert>
    );
  }
  return <LoadingBlock />;
}

export function LoadingBlock() {
  const { t } = useTranslation();
  return (
    <p role="status" className="flex items-center justify-center gap-3 py-10 text-slate-600">
      <Spinner className="size-5 text-brand-600" />
      {t('common.loading')}
    </p>
  );
}
