import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CloseIcon } from '../ui/icons';
import { SidebarNav } from './SidebarNav';

interface MobileDrawerProps {
  onClose: () => void;
}

/** The sidebar as an overlay on narrow screens; rendered only while open. */
export function MobileDrawer({ onClose }: MobileDrawerProps) {
  const { t } = useTranslation();
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    closeButton.current?.focus();
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, [onClose]);

  return (
    <div className="fixed inset-0 z-40 md:hidden">
      <button
        type="button"
        tabIndex={-1}
        aria-hidden="true"
        onClick={onClose}
        className="absolute inset-0 h-full w-full bg-slate-900/50"
      />
      <div
        id="mobile-navigation"
        role="dialog"
        aria-modal="true"
        aria-label={t('nav.label')}
        className="relative flex h-full w-80 max-w-[85vw] flex-col bg-slate-900 shadow-xl"
      >
        <button
          ref={closeButton}
          type="button"
          onClick={onClose}
          className="absolute top-4 right-3 rounded-md p-1.5 text-slate-400 hover:bg-slate-800 hover:text-white focus-visible:outline-2 focus-visible:outline-brand-400"
        >
          <CloseIcon />
          <span className="sr-only">{t('nav.closeMenu')}</span>
        </button>
        <SidebarNav onNavigate={onClose} />
      </div>
    </div>
  );
}
