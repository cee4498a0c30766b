import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from './i18n';

/** Each unit with its length in seconds and the distance from which it is used ("45 minutes" reads as "1 hour"). */
const units: [Intl.RelativeTimeFormatUnit, number, number][] = [
  ['year', 365 * 86400, 320 * 86400],
  ['month', 30 * 86400, 26 * 86400],
  ['day', 86400, 22 * 3600],
  ['hour', 3600, 45 * 60],
  ['minute', 60, 45],
];

/** Dates and times in the interface language and the device's time zone. */
export function useFormatters() {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
    return {
      /** "12 Mar 2026, 14:05" */
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      /** "5 minutes ago", "in 2 hours", "now" */
      relative: (iso: string, now = Date.now()) => {
        const seconds = (new Date(iso).getTime() - now) / 1000;
        for (const [unit, size, from] of units) {
          if (Math.abs(seconds) >= from) return relative.format(Math.round(seconds / size), unit);
        }
        return relative.format(0, 'second');
      },
    };
  }, [language]);
}
