import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';

const tabs = [
  { to: '/settings/profile', labelKey: 'settings.tabs.profile' },
  { to: '/settings/security', labelKey: 'settings.tabs.security' },
  { to: '/settings/sessions', labelKey: 'settings.tabs.sessions' },
  { to: '/settings/notifications', labelKey: 'settings.tabs.notifications' },
  { to: '/settings/activity', labelKey: 'settings.tabs.activity' },
] as const;

/** Heading and tabs shared by every settings page. */
export function SettingsLayout() {
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-3xl px-4 py-6 sm:px-6 sm:py-10">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
        {t('settings.heading')}
      </h1>
      <nav
        aria-label={t('settings.tabs.label')}
        className="-mx-4 mt-4 overflow-x-auto border-b border-slate-200 px-4 sm:mx-0 sm:px-0"
      >
        <ul className="flex min-w-max gap-1">
          {tabs.map(({ to, labelKey }) => (
            <li key={to}>
              <NavLink
                to={to}
                className={({ isActive }) =>
                  [
                    '-mb-px block border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap transition-colors',
                    'focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-500',
                    isActive
                      ? 'border-brand-600 text-brand-700'
                      : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
                  ].join(' ')
                }
              >
                {t(labelKey)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="mt-6 space-y-6">
        <Outlet />
      </div>
    </div>
  );
}

interface SettingsSectionProps {
  title: string;
  description?: ReactNode;
  /** Beside the title, e.g. an "On" badge. */
  aside?: ReactNode;
  children: ReactNode;
  testId?: string;
}

/** One card of a settings page. */
export function SettingsSection({ title, description, aside, children, testId }: SettingsSectionProps) {
  return (
    <section
      data-testid={testId}
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs sm:p-6"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
        {aside}
      </div>
      {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      <div className="mt-5">{children}</div>
    </section>
  );
}
