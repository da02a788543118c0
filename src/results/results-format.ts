/**
 * Numbers, dates and periods as each language writes them: decimal comma and "3. mars 2026" in
 * bokmål and nynorsk, "3 March 2026" in English. Values are rounded once, to what a table shows
 * (shownValue), so the page, its CSV and the picture's text say the same number.
 */
import type { Language } from '../common/languages';
import type { ChartNumberLocale } from '../indicators/charts/funnel-chart';
import type { IndicatorUnit } from '../indicators/indicator-spec';
import { fill } from '../common/page-render';
import { RESULTS_MESSAGES } from './results-messages';

/** How a unit's values are shown: shares and ratios as per cent, the rest as they are. */
export interface ShownScale {
  /** Multiplies the stored value (100 for shares). */
  factor: number;
  decimals: number;
  /** Written after the number ("%" for per cent), or nothing. */
  suffix: string;
}

export function scaleOf(unit: IndicatorUnit | string): ShownScale {
  switch (unit) {
    case 'share':
    case 'ratio':
      return { factor: 100, decimals: 1, suffix: '%' };
    case 'EQ-5D index':
      return { factor: 1, decimals: 3, suffix: '' };
    case 'days':
      return { factor: 1, decimals: 1, suffix: '' };
    default:
      return { factor: 1, decimals: 1, suffix: '' };
  }
}

/** The value as a table shows it (per cent for shares), rounded to the digits shown; null stays null. */
export function shownValue(value: number | null | undefined, scale: ShownScale): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const rounded = Number((value * scale.factor).toFixed(scale.decimals));
  return Object.is(rounded, -0) ? 0 : rounded;
}

const NUMBER_FORMATS = new Map<string, Intl.NumberFormat>();

/** A shown value in the language's way: "61,3 %", "0,123", "1 234". */
export function formatNumber(language: Language, value: number, decimals: number, suffix = ''): string {
  const key = `${language}|${decimals}`;
  let format = NUMBER_FORMATS.get(key);
  if (!format) {
    format = new Intl.NumberFormat(RESULTS_MESSAGES[language].locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    NUMBER_FORMATS.set(key, format);
  }
  const text = format.format(value).replace(/\u2212/g, '-');
  if (!suffix) return text;
  return language === 'en' ? `${text}${suffix}` : `${text}\u00a0${suffix}`;
}

export function formatCount(language: Language, n: number): string {
  return formatNumber(language, n, 0);
}

/** "3. mars 2026" (nb, nn) or "3 March 2026" (en), from an ISO date or timestamp, in Norwegian time. */
export function formatDate(language: Language, iso: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return new Intl.DateTimeFormat(RESULTS_MESSAGES[language].locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Oslo',
  }).format(date);
}

/** "3. mars 2026 kl. 14:05" (nb, nn) or "3 March 2026 at 14:05" (en), in Norwegian time. */
export function formatDateTime(language: Language, iso: string): string {
  return new Intl.DateTimeFormat(RESULTS_MESSAGES[language].locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Oslo',
  }).format(new Date(iso));
}

/** A period in words: "året 2025", "1. kvartal 2026", "siste 12 hele måneder". */
export function periodWords(language: Language, key: string): string {
  const names = RESULTS_MESSAGES[language].periodNames;
  if (key === '12m' || key.startsWith('12m-')) return names.twelveMonths;
  const match = /^(\d{4})(?:-Q([1-4]))?$/.exec(key);
  if (!match) return key;
  return match[2] ? fill(names.quarter, { year: match[1], quarter: match[2] }) : fill(names.year, { year: match[1] });
}

/** Vega's number locale for the language's pictures. */
export function chartNumberLocale(language: Language): ChartNumberLocale {
  return language === 'en'
    ? { decimal: '.', thousands: ',', grouping: [3], currency: ['£', ''] }
    : { decimal: ',', thousands: '\u00a0', grouping: [3], currency: ['', '\u00a0kr'] };
}
