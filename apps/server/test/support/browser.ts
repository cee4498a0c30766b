interface StoredCookie {
  value: string;
  path: string;
  httpOnly: boolean;
  sameSite: string | undefined;
}

/** Where a navigation ended: a page that was loaded, or a hand-over to the web app that was not. */
export interface Landing {
  url: URL;
  status: number;
  html: string;
}

/**
 * Just enough of a browser for sign-in flows: a cookie jar per origin (with paths and expiry)
 * and redirects followed by hand, so every hop can be inspected or stopped at.
 */
export class Browser {
  private readonly jar = new Map<string, Map<string, StoredCookie>>();

  /** Every Set-Cookie header the browser received, in order, for asserting attributes. */
  readonly setCookieHeaders: string[] = [];

  cookie(origin: string, name: string): StoredCookie | undefined {
    return this.jar.get(new URL(origin).origin)?.get(name);
  }

  /** One request, cookies attached and stored; redirects are not followed. */
  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookies = [...(this.jar.get(target.origin) ?? new Map<string, StoredCookie>())]
      .filter(([, cookie]) => target.pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`);
    if (cookies.length) headers.set('cookie', cookies.join('; '));
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) {
      this.setCookieHeaders.push(header);
      this.store(target, header);
    }
    return response;
  }

  /**
   * Follows redirects from `url` until a page answers, or until the next hop leaves for
   * `handOff` (a page of the web app, which the test does not load) or matches `stopBefore`.
   */
  async navigate(
    url: string | URL,
    {
      handOff,
      stopBefore,
      init,
    }: { handOff?: (next: URL) => boolean; stopBefore?: (next: URL) => boolean; init?: RequestInit } = {},
  ): Promise<Landing> {
    let current = new URL(url);
    let response = await this.request(current, init);
    for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
      if (hops > 20) throw new Error(`too many redirects from ${String(url)}`);
      const next = new URL(response.headers.get('location')!, current);
      await response.body?.cancel();
      if (handOff?.(next) || stopBefore?.(next)) return { url: next, status: response.status, html: '' };
      current = next;
      response = await this.request(current);
    }
    return { url: current, status: response.status, html: await response.text() };
  }

  /** Submits the page's (only) form with these fields, as a browser would, and follows on. */
  submit(page: Landing, fields: Record<string, string>, options: Parameters<Browser['navigate']>[1] = {}) {
    const action = /<form[^>]*action="([^"]+)"/.exec(page.html)?.[1];
    if (!action) throw new Error(`no form on ${page.url.href}: ${page.html.slice(0, 500)}`);
    return this.navigate(new URL(action.replaceAll('&amp;', '&'), page.url), {
      ...options,
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      },
    });
  }

  private store(from: URL, header: string) {
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    const attr = new Map(
      attributes.map((a) => {
        const i = a.indexOf('=');
        return i === -1 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
      }),
    );
    const cookies = this.jar.get(from.origin) ?? new Map<string, StoredCookie>();
    this.jar.set(from.origin, cookies);
    const expires = attr.get('expires');
    const expired =
      attr.get('max-age') === '0' || (expires !== undefined && new Date(expires).getTime() <= Date.now());
    if (expired || value === '') {
      cookies.delete(name);
      return;
    }
    cookies.set(name, {
      value,
      path: attr.get('path') || '/',
      httpOnly: attr.has('httponly'),
      sameSite: attr.get('samesite'),
    });
  }
}
