import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { InstanceStatus } from './InstanceStatus';

export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('home.title'));

  return (
    <div className="mx-auto max-w-3xl px-4 py-8 sm:px-6 sm:py-12">
      <h1
        data-testid="home-heading"
        className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl"
      >
        {t('home.heading')}
      </h1>
      <p className="mt-2 text-slate-600">{t('home.intro')}</p>
      <div className="mt-8">
        <InstanceStatus />
      </div>
    </div>
  );
}
