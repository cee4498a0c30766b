import { useTranslation } from 'react-i18next';
import { chooseLanguage, currentLanguage } from '../../i18n/i18n';
import { isSupportedLanguage, supportedLanguages } from '../../i18n/languages';
import { GlobeIcon } from '../ui/icons';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <label className="relative flex items-center text-slate-600">
      <GlobeIcon className="pointer-events-none absolute left-2.5 size-4" />
      <span className="sr-only">{t('language.label')}</span>
      <select
        data-testid="language-switcher"
        value={currentLanguage(i18n)}
        onChange={(event) => {
          const language = event.target.value;
          if (isSupportedLanguage(language)) void chooseLanguage(i18n, language);
        }}
        className="h-9 cursor-pointer appearance-none rounded-md border border-slate-300 bg-white py-1 pr-3 pl-8 text-sm text-slate-800 shadow-xs hover:border-slate-400 focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        {supportedLanguages.map((language) => (
          // Each language is named in itself, so a reader can always find their own.
          <option key={language} value={language} lang={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
