import 'i18next';
import type en from './locales/en.json';

// English is the reference catalogue: keys are checked at compile time, and a spec keeps ru.json in step.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
