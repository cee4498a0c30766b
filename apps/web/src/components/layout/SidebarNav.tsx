import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { BrandMark } from '../ui/BrandMark';
import { navigationItems } from './navigation';

interface SidebarNavProps {
  /** Called after a link is followed; the mobile drawer closes itself with it. */
  onNavigate?: () => void;
}

/** Brand and section links: the body of the desktop sidebar and of the mobile drawer alike. */
export function SidebarNav({ onNavigate }: SidebarNavProps) {
  const { t } = useTranslation();
  return (
    <div className="flex h-full flex-col">
      <Link
        to="/"
        onClick={onNavigate}
        className="flex items-center gap-3 px-4 py-4 text-white focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-400"
      >
        <BrandMark />
        <span className="flex flex-col leading-tight">
          <span className="text-lg font-semibold">{t('app.name')}</span>
          <span className="text-xs text-slate-400">{t('app.tagline')}</span>
        </span>
      </Link>
      <nav aria-label={t('nav.label')} className="mt-2 flex-1 px-2">
        <ul className="space-y-1">
          {navigationItems.map(({ to, labelKey, icon: Icon }) => (
            <li key={to}>
              <NavLink
                to={to}
                onClick={onNavigate}
                className={({ isActive }) =>
                  [
                    'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors',
                    'focus-visible:outline-2 focus-visible:outline-brand-400',
                    isActive
                      ? 'bg-brand-600 text-white'
                      : 'text-slate-300 hover:bg-slate-800 hover:text-white',
                  ].join(' ')
                }
              >
                <Icon className="size-5 shrink-0" />
                {t(labelKey)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
