/** Pages that make no sense to return to after signing in. */
const AUTH_PAGES = ['/login', '/register', '/forgot-password', '/reset-password', '/confirm-email'];

/**
 * The `next` parameter of an auth page, if it is a path on this site. Anything else (`//evil.example`,
 * `https://…`, `/\evil`) would turn the login page into an open redirect, so it becomes `/`.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  const pathname = next.split(/[?#]/)[0] ?? '';
  return AUTH_PAGES.includes(pathname) ? '/' : next;
}

/** `/login?next=…` for a page that needs a session; the home page needs no `next`. */
export function loginPathFor(returnTo: string): string {
  return returnTo === '/' ? '/login' : `/login?next=${encodeURIComponent(returnTo)}`;
}
