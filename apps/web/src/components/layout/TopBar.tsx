import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BrandMark } from '../ui/BrandMark';
import { MenuIcon } from '../ui/icons';
import { UserMenu } from '../../features/account/UserMenu';
import { NotificationsBell } from '../../features/notifications/NotificationsBell';
import { SearchBox } from '../../features/search/SearchBox';
import { LanguageSwitcher } from './LanguageSwitcher';

interface TopBarProps {
  onOpenMenu: () => void;
  menuOpen: boolean;
}

export function TopBar({ onOpenMenu, menuOpen }: TopBarProps) {
  const { t } = useTranslation();
  return (
    <header className="flex h-14 shrink-0 items-center gap-3 border-b border-slate-200 bg-white px-3 sm:px-4">
      <button
        type="button"
        onClick={onOpenMenu}
        aria-expanded={menuOpen}
        aria-controls="mobile-navigation"
        className="rounded-md p-2 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 md:hidden"
      >
        <MenuIcon />
        <span className="sr-only">{t('nav.openMenu')}</span>
      </button>
      <Link to="/" className="flex items-center gap-2 font-semibold text-slate-900 md:hidden">
        <BrandMark className="size-7" />
        {t('app.name')}
      </Link>
      <SearchBox />
      <div className="ml-auto flex items-center gap-2 sm:gap-3">
        <NotificationsBell />
        <LanguageSwitcher />
        <UserMenu />
      </div>
    </header>
  );
}
