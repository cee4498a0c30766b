import { useCallback, useState } from 'react';
import { Outlet } from 'react-router';
import { useMeLiveUpdates } from '../../features/account/me.api';
import { ConnectionBanner } from './ConnectionBanner';
import { MobileDrawer } from './MobileDrawer';
import { SidebarNav } from './SidebarNav';
import { TopBar } from './TopBar';

/**
 * The frame around every page: sidebar (a drawer on phones), top bar, and the routed page. It
 * keeps the signed-in account current from realtime events and says when they cannot arrive.
 */
export function AppShell() {
  useMeLiveUpdates();
  const [menuOpen, setMenuOpen] = useState(false);
  const closeMenu = useCallback(() => setMenuOpen(false), []);

  return (
    <div data-testid="app-shell" className="flex h-dvh bg-slate-50 text-slate-900">
      {/* A narrow rail, so chats keep the width for their list, messages and side panel; full on very wide screens. */}
      <aside className="hidden w-20 shrink-0 flex-col bg-slate-900 md:flex 2xl:w-64">
        <SidebarNav rail />
      </aside>
      {menuOpen && <MobileDrawer onClose={closeMenu} />}
      <div className="flex min-w-0 flex-1 flex-col">
        <TopBar menuOpen={menuOpen} onOpenMenu={() => setMenuOpen(true)} />
        <ConnectionBanner />
        <main className="flex-1 overflow-y-auto">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
