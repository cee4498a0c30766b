/** Browsers in the order their tokens must be tested: Edge and Opera also say "Chrome", Chrome also says "Safari". */
const browsers: [name: string, pattern: RegExp][] = [
  ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /(?:OPR|Opera)\/(\d+)/],
  ['Yandex Browser', /YaBrowser\/(\d+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /Version\/(\d+).*Safari\//],
];

const systems: [name: string, pattern: RegExp][] = [
  ['Android', /Android/],
  ['iOS', /iPhone|iPad|iPod/],
  ['Windows', /Windows/],
  ['macOS', /Mac OS X|Macintosh/],
  ['ChromeOS', /CrOS/],
  ['Linux', /Linux/],
];

export interface Device {
  /** "Chrome 156" */
  browser: string | null;
  /** "Linux" */
  system: string | null;
}

/**
 * Browser and system from a user agent, the way the server names sessions ("Chrome 156 on
 * Linux"); null when neither is recognised (scripts, API clients).
 */
export function deviceOf(userAgent: string | null): Device | null {
  if (!userAgent) return null;
  const browser = browsers.find(([, pattern]) => pattern.test(userAgent));
  const system = systems.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? null;
  const browserName = browser ? `${browser[0]} ${userAgent.match(browser[1])?.[1] ?? ''}`.trim() : null;
  return browserName || system ? { browser: browserName, system } : null;
}
