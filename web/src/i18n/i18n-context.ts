import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createFormatters, type Formatters } from './formatters.js';
import type { Locale } from './locale.js';
import { messagesEn, type Messages } from './messages-en.js';
import { messagesRu } from './messages-ru.js';

/** What every component reads to speak the chosen language. */
export interface I18n {
  readonly locale: Locale;
  readonly t: Messages;
  readonly fmt: Formatters;
}

/** The labels and formatters of a locale. */
export function i18nFor(locale: Locale): I18n {
  return { locale, t: locale === 'ru' ? messagesRu : messagesEn, fmt: createFormatters(locale) };
}

/** Provided by the app root; English until then. */
export const I18nContext = createContext<I18n>(i18nFor('en'));

/** The current language's labels (`t`) and `Intl` formatters (`fmt`). */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
