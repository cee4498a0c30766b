import { type File as FileAttachment, type FileKind, type Message } from '@beseda/protocol';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/i18n';

// The protocol calls an uploaded file `File`; here that name is the browser's, of a local file.
export type { FileAttachment };

/** The message's files; none on one that an older server (or cache) describes without them. */
export function attachmentsOf(message: Message): readonly FileAttachment[] {
  return (message.attachments as FileAttachment[] | undefined) ?? [];
}

const SIZE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** "1.5 MB", "1,5 МБ": sizes in the interface language, in binary steps as file managers count them. */
export function useFileSizeFormat(): (bytes: number) => string {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return useMemo(() => {
    const formats = SIZE_UNITS.map(
      (unit) =>
        new Intl.NumberFormat(language, {
          style: 'unit',
          unit,
          unitDisplay: 'short',
          maximumFractionDigits: unit === 'byte' || unit === 'kilobyte' ? 0 : 1,
        }),
    );
    return (bytes: number) => {
      let value = bytes;
      let step = 0;
      while (value >= 1024 && step < SIZE_UNITS.length - 1) {
        value /= 1024;
        step += 1;
      }
      return formats[step]!.format(value);
    };
  }, [language]);
}

/** What a local file will probably be once uploaded: decides its picture in the tray. */
export function kindOfType(contentType: string): FileKind {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.startsWith('video/')) return 'video';
  if (contentType.startsWith('audio/')) return 'audio';
  return 'file';
}
