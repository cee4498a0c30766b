import { UAParser } from 'ua-parser-js';

/**
 * A label for a session list: "Chrome 156 on Linux", "Safari 18 on iOS"; null when the agent
 * says nothing recognisable. The OS version is left out: browsers freeze it (Windows 11 still
 * reports "10", macOS "10.15.7"), so showing it would mislead.
 */
export function describeDevice(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const { browser, os } = UAParser(userAgent);
  // "Mobile Safari" / "Mobile Chrome": the OS already says it is a phone.
  const browserName = browser.name?.replace(/^Mobile /, '');
  const browserLabel = browserName && [browserName, browser.major].filter(Boolean).join(' ');
  if (browserLabel && os.name) return `${browserLabel} on ${os.name}`;
  return browserLabel || os.name || null;
}
