import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/i18n';
import { dayKey } from './timeline';

export interface MessageFormats {
  /** "14:05" */
  time: (date: Date) => string;
  /** The full date and time, for a tooltip. */
  dateTime: (date: Date) => string;
  /** A day separator: "Today", "Yesterday", "Monday, 3 March", or with the year when not this year. */
  day: (date: Date) => string;
}

/** How message lists write times and days, in the interface language; the same in every list. */
export function useMessageFormats(): MessageFormats {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return useMemo(() => {
    const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' });
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short' });
    const day = new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long' });
    const dayWithYear = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'long', year: 'numeric' });
    return {
      time: (date: Date) => time.format(date),
      dateTime: (date: Date) => dateTime.format(date),
      day: (date: Date) => {
        const today = new Date();
        const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
        if (dayKey(date) === dayKey(today)) return t('chats.messages.today');
        if (dayKey(date) === dayKey(yesterday)) return t('chats.messages.yesterday');
        return (date.getFullYear() === today.getFullYear() ? day : dayWithYear).format(date);
      },
    };
  }, [language, t]);
}
