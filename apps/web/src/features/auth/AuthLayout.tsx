import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { LanguageSwitcher } from '../../components/layout/LanguageSwitcher';
import { BrandMark } from '../../components/ui/BrandMark';

/** Frame of the pages for visitors (sign in, register, e-mail links): no sidebar, one centred card. */
export function AuthLayout() {
  const { t } = useTranslation();
  return (
    <div data-testid="auth-layout" className="flex min-h-dvh flex-col bg-slate-50 text-slate-900">
      <header className="flex items-center justify-between gap-3 px-4 py-3 sm:px-6 sm:py-4">
        <Link
          to="/"
          className="flex items-center gap-2 rounded-md text-lg font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        >
          <BrandMark />
          {t('app.name')}
        </Link>
        <LanguageSwitcher />
      </header>
      <main className="flex flex-1 justify-center px-4 pt-4 pb-12 sm:items-center sm:pt-0">
        <div className="w-full max-w-md">
          <Outlet />
        </div>
      </main>
    </div>
  );
}

interface AuthCardProps {
  heading: string;
  description?: ReactNode;
  children?: ReactNode;
  /** Links under the card, e.g. "No account yet? Create one". */
  footer?: ReactNode;
}

export function AuthCard({ heading, description, children, footer }: AuthCardProps) {
  return (
    <>
      <section className="rounded-xl border border-slate-200 bg-white px-5 py-6 shadow-xs sm:px-8 sm:py-8">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900 sm:text-2xl">{heading}</h1>
        {description && <div className="mt-2 text-sm text-slate-600">{description}</div>}
        {children && <div className="mt-6">{children}</div>}
      </section>
      {footer && <div className="mt-6 text-center text-sm text-slate-600">{footer}</div>}
    </>
  );
}
