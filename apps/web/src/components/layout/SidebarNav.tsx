import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { BrandMark } from '../ui/BrandMark';
import { navigationItems } from './navigation';

interface SidebarNavProps {
  /** Called after a link is followed; the mobile drawer closes itself with it. */
  onNavigate?: () => void;
  /** The desktop rail: icons over short labels, the full sidebar only on very wide screens. */
  rail?: boolean;
}

/** Brand and section links: the body of the desktop sidebar and of the mobile drawer alike. */
export function SidebarNav({ onNavigate, rail = false }: SidebarNavProps) {
  const { t } = useTranslation();
  // Written out in full (not built from parts), so Tailwind finds every class in the source.
  const styles = rail
    ? {
        brand: 'justify-center px-2 2xl:justify-start 2xl:px-4',
        brandText: 'hidden 2xl:flex',
        link: 'flex-col gap-1 px-1 text-center text-[11px] leading-tight 2xl:flex-row 2xl:gap-3 2xl:px-3 2xl:text-left 2xl:text-sm',
      }
    : { brand: 'px-4', brandText: 'flex', link: 'gap-3 px-3 text-sm' };
  return (
    <div className="flex h-full flex-col">
      <Link
        to="/"
        onClick={onNavigate}
        aria-label={t('app.name')}
        className={`flex items-center gap-3 py-4 text-white focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-400 ${styles.brand}`}
      >
        <BrandMark />
        <span className={`flex-col leading-tight ${styles.brandText}`}>
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
                    styles.link,
                    'flex items-center rounded-md py-2 font-medium transition-colors',
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
