import { afterEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from './i18n';
import { languageStorageKey } from './languages';

function browserLanguage(language: string) {
  vi.spyOn(navigator, 'language', 'get').mockReturnValue(language);
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue([language]);
}

describe('language detection', () => {
  afterEach(() => localStorage.clear());

  it('chooses Russian for a Russian browser', () => {
    browserLanguage('ru-RU');
    expect(createI18n().resolvedLanguage).toBe('ru');
  });

  it('chooses English for a browser in a language without a catalogue', () => {
    browserLanguage('de-DE');
    expect(createI18n().resolvedLanguage).toBe('en');
  });

  it('prefers the language the user chose before over the browser language', () => {
    browserLanguage('ru-RU');
    localStorage.setItem(languageStorageKey, 'en');
    expect(createI18n().resolvedLanguage).toBe('en');
  });

  it('does not store a detected language as if the user had chosen it', () => {
    browserLanguage('ru');
    createI18n();
    expect(localStorage.getItem(languageStorageKey)).toBeNull();
  });

  it('sets the lang attribute of the document to the catalogue language', () => {
    browserLanguage('ru-RU');
    createI18n();
    expect(document.documentElement.lang).toBe('ru');
  });
});
