const BASE = 'http://beseda.invalid';

/**
 * Where to send the browser after signing in: only a path on this site. `//host` and `/\host`
 * are other sites to a browser, and control characters could split the Location header. The
 * result is percent-encoded, as a header value must be.
 */
export function safeNextPath(next: string | undefined): string {
  if (!next || !next.startsWith('/') || /^\/[/\\]/.test(next) || /[\\\p{Cc}]/u.test(next)) return '/';
  const url = new URL(next, BASE);
  return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : '/';
}
