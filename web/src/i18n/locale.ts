/** Languages of the page. */
export type Locale = 'en' | 'ru';

/** Every supported locale, in the order the switcher shows them. */
export const LOCALES: readonly Locale[] = ['en', 'ru'];

const STORAGE_KEY = 'cmw.locale';

/** The remembered choice, else the browser's first language that we speak, else English. */
export function initialLocale(storage: Storage = localStorage, languages = navigator.languages): Locale {
  const stored = storage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'ru') return stored;
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (base === 'ru' || base === 'en') return base;
  }
  return 'en';
}

/** Remembers the choice for the next visit. */
export function rememberLocale(locale: Locale, storage: Storage = localStorage): void {
  storage.setItem(STORAGE_KEY, locale);
}
