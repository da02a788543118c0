/**
 * Validation of Norwegian national identity numbers (fødselsnummer, D-, H- and synthetic numbers).
 * Pure: the caller pseudonymizes the number and drops it; no reason returned here ever contains it.
 */
import { idnr } from '@navikt/fnrvalidator';
import { todayInNorway } from '../common/validators';

export type NationalIdKind = 'fnr' | 'dnr' | 'hnr' | 'synthetic';
export type Sex = 'male' | 'female';

export interface ParsedNationalId {
  ok: true;
  kind: NationalIdKind;
  /** YYYY-MM-DD */
  birthDate: string;
  birthYear: number;
  /** From digit 9; a fallback only, as numbers issued from 2032 no longer encode sex. */
  sex: Sex;
}
export interface RejectedNationalId {
  ok: false;
  reason: string;
}
export type NationalIdResult = ParsedNationalId | RejectedNationalId;

export interface ParseNationalIdOptions {
  allowSynthetic: boolean;
  /** The clock, for "not born in the future"; defaults to now. */
  today?: Date;
}

// Fixed texts with no digits at all, so that no reason can ever echo a part of the number.
export const NATIONAL_ID_REASONS = {
  format: 'A national identity number must be exactly eleven digits, with no spaces or other characters.',
  checksum: 'The control digits of the national identity number do not match; check the number for typing errors.',
  unsupportedKind: 'The number is marked as both a D-number and an H-number, which is not an accepted kind of identity number.',
  synthetic: 'Synthetic test identity numbers are not accepted by this deployment; send a real identity number.',
  date: 'The birth date in the national identity number is not a real date; check the number for typing errors.',
  century:
    'The individual number (digits seven to nine) does not fit any birth century for this birth year; check the number for typing errors.',
  future: 'The birth date in the national identity number is in the future; check the number for typing errors.',
} as const;

/** Tenor (the national test data service) issues synthetic D-numbers too: day +40 and month +80. */
const KINDS: Record<string, { kind: NationalIdKind; dayOffset: number; monthOffset: number } | undefined> = {
  fnr: { kind: 'fnr', dayOffset: 0, monthOffset: 0 },
  dnr: { kind: 'dnr', dayOffset: 40, monthOffset: 0 },
  hnr: { kind: 'hnr', dayOffset: 0, monthOffset: 40 },
  tnr: { kind: 'synthetic', dayOffset: 0, monthOffset: 80 },
  'dnr-and-tnr': { kind: 'synthetic', dayOffset: 40, monthOffset: 80 },
};

export function parseNationalId(value: string, options: ParseNationalIdOptions): NationalIdResult {
  if (typeof value !== 'string' || !/^\d{11}$/.test(value)) return reject('format');

  // The library checks both control digits (including the relaxed first control digit of numbers
  // issued from 2032) and tells the kind from the offsets. Its date check uses a two-digit year, so
  // it cannot tell 29 February 1900 from 2000: the date is checked again below with the full year.
  const checked = idnr(value);
  if (checked.status === 'invalid') {
    if (checked.reasons.includes("checksums don't match")) return reject('checksum');
    return reject('date');
  }
  const layout = KINDS[checked.type];
  if (!layout) return reject('unsupportedKind');
  if (layout.kind === 'synthetic' && !options.allowSynthetic) return reject('synthetic');

  const day = Number(value.slice(0, 2)) - layout.dayOffset;
  const month = Number(value.slice(2, 4)) - layout.monthOffset;
  const twoDigitYear = Number(value.slice(4, 6));
  const century = birthCentury(Number(value.slice(6, 9)), twoDigitYear);
  if (century === undefined) return reject('century');
  const birthYear = century + twoDigitYear;
  if (!isRealDate(birthYear, month, day)) return reject('date');

  const birthDate = `${birthYear}-${pad2(month)}-${pad2(day)}`;
  if (birthDate > todayInNorway(options.today)) return reject('future'); // birth dates are Norwegian calendar dates

  const sex: Sex = Number(value[8]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, kind: layout.kind, birthDate, birthYear, sex };
}

/** The century rules of the individual number (digits 7-9), as the National Registry issues them. */
export function birthCentury(individualNumber: number, twoDigitYear: number): number | undefined {
  if (individualNumber <= 499) return 1900;
  if (individualNumber >= 900 && twoDigitYear >= 40) return 1900;
  if (individualNumber >= 500 && twoDigitYear <= 39) return 2000;
  if (individualNumber <= 749 && twoDigitYear >= 54) return 1800;
  return undefined; // 500-749 with year 40-53, 750-899 with year 40-99: never issued
}

function reject(reason: keyof typeof NATIONAL_ID_REASONS): RejectedNationalId {
  return { ok: false, reason: NATIONAL_ID_REASONS[reason] };
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0-99 to 1900-1999; ours are all 1854 or later, so no correction is needed.
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
