import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/layout/usePageTitle';

/** Shown for any client route that does not exist; the server answers such paths with the SPA. */
export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <section className="mx-auto flex max-w-xl flex-col items-center px-4 py-16 text-center">
      <p className="text-5xl font-bold text-brand-600">{t('notFound.code')}</p>
      <h1 data-testid="not-found-heading" className="mt-4 text-2xl font-semibold text-slate-900">
        {t('notFound.title')}
      </h1>
      <p className="mt-2 text-slate-600">{t('notFound.text')}</p>
      <Link
        to="/"
        className="mt-6 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        {t('notFound.backHome')}
      </Link>
    </section>
  );
}
