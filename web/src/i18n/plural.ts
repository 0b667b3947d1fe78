import type { Locale } from './locale.js';

/** Word forms by CLDR plural category; `other` is required, the rest fall back to it. */
export interface PluralForms {
  readonly one?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

const rules = new Map<Locale, Intl.PluralRules>();

/** Picks the form of a word for `count` by the locale's plural rules (Russian has one / few / many). */
export function plural(locale: Locale, count: number, forms: PluralForms): string {
  let rule = rules.get(locale);
  if (!rule) {
    rule = new Intl.PluralRules(locale);
    rules.set(locale, rule);
  }
  const category = rule.select(count) as keyof PluralForms;
  return forms[category] ?? forms.other;
}
