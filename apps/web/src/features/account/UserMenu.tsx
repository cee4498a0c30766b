import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { signOut } from '../../auth/session';
import { Spinner } from '../../components/ui/Spinner';
import { Avatar } from './Avatar';
import { useMe } from './me.api';

const itemClass =
  'flex w-full items-center rounded-md px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-500 disabled:opacity-60';

/** The signed-in person in the top bar, opening a small menu: profile, security, sign out. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', closeOutside);
    document.addEventListener('keydown', closeOnEscape);
    return () => {
      document.removeEventListener('pointerdown', closeOutside);
      document.removeEventListener('keydown', closeOnEscape);
    };
  }, [open]);

  const handleSignOut = async () => {
    setSigningOut(true);
    await signOut();
    void navigate('/login', { replace: true });
  };

  const displayName = me.data?.displayName ?? '';

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        data-testid="user-menu"
        aria-expanded={open}
        aria-controls="user-menu-panel"
        aria-label={displayName ? `${t('userMenu.open')}: ${displayName}` : t('userMenu.open')}
        onClick={() => setOpen((current) => !current)}
        className="flex items-center gap-2 rounded-full p-0.5 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 sm:rounded-md sm:py-1 sm:pr-2 sm:pl-1"
      >
        {me.data ? (
          <Avatar displayName={displayName} avatarUrl={me.data.avatarUrl} presence={me.data.presence} />
        ) : (
          <span className="size-8 animate-pulse rounded-full bg-slate-200" />
        )}
        <span data-testid="user-menu-name" className="hidden max-w-40 truncate sm:block">
          {displayName}
        </span>
      </button>

      {open && (
        <div
          id="user-menu-panel"
          className="absolute right-0 z-30 mt-2 w-64 max-w-[calc(100vw-1.5rem)] rounded-lg border border-slate-200 bg-white p-1.5 shadow-lg"
        >
          {me.data && (
            <div className="border-b border-slate-100 px-3 pt-2 pb-3">
              <p className="truncate font-medium text-slate-900">{me.data.displayName}</p>
              <p className="truncate text-sm text-slate-500">@{me.data.username}</p>
              <p className="mt-1 text-xs text-slate-500">{t(`presence.${me.data.presence}`)}</p>
            </div>
          )}
          <nav aria-label={t('userMenu.open')} className="pt-1.5">
            <Link to="/settings/profile" onClick={() => setOpen(false)} className={itemClass}>
              {t('userMenu.profile')}
            </Link>
            <Link to="/settings/security" onClick={() => setOpen(false)} className={itemClass}>
              {t('userMenu.security')}
            </Link>
          </nav>
          <div className="mt-1.5 border-t border-slate-100 pt-1.5">
            <button
              type="button"
              data-testid="sign-out"
              disabled={signingOut}
              onClick={() => void handleSignOut()}
              className={`${itemClass} gap-2`}
            >
              {signingOut && <Spinner />}
              {t('userMenu.signOut')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
