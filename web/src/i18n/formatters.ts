import type { Locale } from './locale.js';

/** Numbers, dates, durations and money in one locale, all through `Intl`. */
export interface Formatters {
  /** 12 345 / 12,345 */
  number(value: number): string;
  /** Date and time of an ISO timestamp, medium date and short time. */
  dateTime(iso: string): string;
  /** Short form for lists: the time when it is today, else the date. */
  shortDate(iso: string, now?: Date): string;
  /** 120 ms, 3.2 s, 2 min 5 s */
  duration(ms: number): string;
  /** US dollars with up to 4 decimals for sub-cent costs. */
  usd(value: number): string;
  /** Money in an ISO 4217 currency ($0.0035, 12,50 ₽), up to 4 decimals; an unknown code is written after the amount. */
  money(value: number, currency: string): string;
  /** 4.7 %, 75 % */
  percent(fraction: number): string;
  /** 812 B, 14 kB, 3.2 MB */
  bytes(value: number): string;
}

/** Builds the {@link Formatters} of a locale. */
export function createFormatters(locale: Locale): Formatters {
  const tag = locale === 'ru' ? 'ru-RU' : 'en-US';
  const integer = new Intl.NumberFormat(tag);
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(tag, { timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short' });
  const dateWithYear = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric' });
  const ms = new Intl.NumberFormat(tag, { style: 'unit', unit: 'millisecond', unitDisplay: 'short' });
  const seconds = new Intl.NumberFormat(tag, {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  });
  const minutes = new Intl.NumberFormat(tag, { style: 'unit', unit: 'minute', unitDisplay: 'short' });
  const wholeSeconds = new Intl.NumberFormat(tag, { style: 'unit', unit: 'second', unitDisplay: 'short' });
  const usd = new Intl.NumberFormat(tag, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  });
  const currencies = new Map<string, Intl.NumberFormat>();
  const money = (value: number, currency: string) => {
    let format = currencies.get(currency);
    if (!format) {
      try {
        format = new Intl.NumberFormat(tag, {
          style: 'currency',
          currency,
          minimumFractionDigits: 2,
          maximumFractionDigits: 4,
        });
      } catch {
        // Not a currency code Intl accepts: the number, then the code as sent.
        return `${new Intl.NumberFormat(tag, { maximumFractionDigits: 4 }).format(value)} ${currency}`;
      }
      currencies.set(currency, format);
    }
    return format.format(value);
  };
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const parse = (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? undefined : d;
  };
  return {
    number: (value) => integer.format(value),
    bytes: (value) => {
      const [amount, unit] =
        value < 1024
          ? [value, 'byte']
          : value < 1024 * 1024
            ? [value / 1024, 'kilobyte']
            : [value / 1024 / 1024, 'megabyte'];
      return new Intl.NumberFormat(tag, {
        style: 'unit',
        unit,
        unitDisplay: 'short',
        maximumFractionDigits: unit === 'byte' || amount >= 10 ? 0 : 1,
      }).format(amount);
    },
    dateTime: (iso) => {
      const d = parse(iso);
      return d ? dateTime.format(d) : '';
    },
    shortDate: (iso, now = new Date()) => {
      const d = parse(iso);
      if (!d) return '';
      if (d.toDateString() === now.toDateString()) return time.format(d);
      return d.getFullYear() === now.getFullYear() ? date.format(d) : dateWithYear.format(d);
    },
    duration: (value) => {
      if (value < 1000) return ms.format(Math.max(0, Math.round(value)));
      if (value < 60_000) return seconds.format(value / 1000);
      const totalSeconds = Math.round(value / 1000);
      return `${minutes.format(Math.floor(totalSeconds / 60))} ${wholeSeconds.format(totalSeconds % 60)}`;
    },
    usd: (value) => usd.format(value),
    money,
    percent: (fraction) => percent.format(fraction),
  };
}
