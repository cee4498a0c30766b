export interface TimeZoneOption {
  zone: string;
  label: string;
}

let cached: TimeZoneOption[] | undefined;

function offsetOf(zone: string, at: Date): string {
  const part = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  // "GMT" alone means no offset.
  return (part?.value ?? 'GMT').replace(/^GMT$/, 'GMT+00:00').replace('GMT', 'UTC');
}

/**
 * Every IANA zone the browser knows, labelled with its current offset, e.g.
 * "Europe/Moscow (UTC+03:00)". Built once: it takes hundreds of formatters.
 */
export function timeZoneOptions(): TimeZoneOption[] {
  if (!cached) {
    const now = new Date();
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
    cached = zones.map((zone) => ({ zone, label: `${zone.replaceAll('_', ' ')} (${offsetOf(zone, now)})` }));
  }
  return cached;
}

/** The options, with `zone` added if the browser's list lacks it (e.g. "UTC" in some engines). */
export function timeZoneOptionsWith(zone: string): TimeZoneOption[] {
  const options = timeZoneOptions();
  return options.some((option) => option.zone === zone) ? options : [{ zone, label: zone }, ...options];
}

export function deviceTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
