import i18next, { type i18n as I18n } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import ru from './locales/ru.json';
import {
  fallbackLanguage,
  isSupportedLanguage,
  type Language,
  languageStorageKey,
  supportedLanguages,
} from './languages';

export interface CreateI18nOptions {
  /** Skips detection; tests use it to render in a given language. */
  language?: Language;
}

/** A ready-to-use i18next instance: the bundled catalogues load synchronously, so the first render is translated. */
export function createI18n(options: CreateI18nOptions = {}): I18n {
  const instance = i18next.createInstance();
  instance.on('languageChanged', (language) => {
    // The detected code may be a region variant (ru-RU); the page is in the catalogue's language.
    document.documentElement.lang = instance.resolvedLanguage ?? language;
  });
  void instance
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources: { en: { translation: en }, ru: { translation: ru } },
      lng: options.language,
      supportedLngs: supportedLanguages,
      // ru-RU, ru-UA and the like all mean the Russian catalogue.
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      fallbackLng: fallbackLanguage,
      initAsync: false,
      // React escapes rendered text already.
      interpolation: { escapeValue: false },
      showSupportNotice: false,
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: languageStorageKey,
        // Persisting is left to chooseLanguage: a detected language must not pin itself for next time.
        caches: [],
      },
    });
  return instance;
}

/** The user's explicit choice: applied now and remembered for the next visit. */
export async function chooseLanguage(instance: I18n, language: Language): Promise<void> {
  try {
    localStorage.setItem(languageStorageKey, language);
  } catch {
    // Private modes may refuse storage; the choice then lasts for this visit only.
  }
  await instance.changeLanguage(language);
}

/** The language actually shown, narrowed to one we ship. */
export function currentLanguage(instance: I18n): Language {
  const resolved = instance.resolvedLanguage;
  return isSupportedLanguage(resolved) ? resolved : fallbackLanguage;
}
