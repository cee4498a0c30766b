import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { Spinner } from '../components/ui/Spinner';
import { loginPathFor, safeNextPath } from './next-path';
import { restoreSession } from './session';
import { useSession } from './useSession';

/**
 * Root of every route: restores the session once per page load, and drops cached server data
 * when the session ends or changes hands, so one person never sees the previous one's data.
 */
export function SessionRoot() {
  const { sessionId } = useSession();
  const queryClient = useQueryClient();
  const previousSessionId = useRef(sessionId);

  useEffect(() => {
    void restoreSession();
  }, []);

  useEffect(() => {
    const previous = previousSessionId.current;
    previousSessionId.current = sessionId;
    if (previous === null || previous === sessionId) return;
    if (sessionId === null) queryClient.clear();
    else void queryClient.resetQueries();
  }, [sessionId, queryClient]);

  return <Outlet />;
}

/** While the session is being restored: neither signed in nor out yet. */
export function SessionPending() {
  const { t } = useTranslation();
  return (
    <div role="status" className="flex h-dvh items-center justify-center gap-3 bg-slate-50 text-slate-600">
      <Spinner className="size-5 text-brand-600" />
      {t('session.restoring')}
    </div>
  );
}

/** Renders its children for a signed-in user; sends anyone else to the login page and back after. */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'unknown') return <SessionPending />;
  if (status === 'signedOut') {
    return <Navigate to={loginPathFor(location.pathname + location.search + location.hash)} replace />;
  }
  return children ?? <Outlet />;
}

/** For pages only a visitor needs (login, register): a signed-in user goes on to `next` or home. */
export function RedirectIfSignedIn() {
  const { status } = useSession();
  const [searchParams] = useSearchParams();
  if (status === 'unknown') return <SessionPending />;
  if (status === 'signedIn') {
    // A failed attempt to link an identity provider comes back to `/login?error=<code>` while the
    // person is still signed in: say so where the linking started rather than lose it.
    const error = searchParams.get('error');
    if (error) return <Navigate to={`/settings/security?error=${encodeURIComponent(error)}`} replace />;
    return <Navigate to={safeNextPath(searchParams.get('next'))} replace />;
  }
  return <Outlet />;
}
