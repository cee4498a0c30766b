/** Languages the interface is translated into; the first match with the browser wins. */
export const supportedLanguages = ['ru', 'en'] as const;

export type Language = (typeof supportedLanguages)[number];

export const fallbackLanguage: Language = 'en';

/** Holds only a choice the user made in the switcher, so an untouched browser keeps following its own language. */
export const languageStorageKey = 'beseda.language';

export function isSupportedLanguage(value: string | undefined): value is Language {
  return (supportedLanguages as readonly string[]).includes(value ?? '');
}
