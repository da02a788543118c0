/**
 * Generates valid identity numbers for demo data and tests. By default synthetic ones (month +80,
 * as Tenor issues them), which no real person has; other kinds only for tests of the parser.
 */
import type { NationalIdKind, Sex } from './national-id';

export interface SyntheticNationalIdSpec {
  /** Its UTC calendar date is used; 1854-01-01 to 2039-12-31, the span the century rules cover. */
  birthDate: Date;
  sex: Sex;
  kind?: NationalIdKind;
}

const OFFSETS: Record<NationalIdKind, { day: number; month: number }> = {
  fnr: { day: 0, month: 0 },
  dnr: { day: 40, month: 0 },
  hnr: { day: 0, month: 40 },
  synthetic: { day: 0, month: 80 },
};

// Weights of the two mod-11 control digits. @navikt/fnrvalidator only validates, so generating
// needs them here; every number made is still checked by parseNationalId in the tests.
const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** `random` returns values in [0, 1) (Math.random or a seeded source); it picks the individual number. */
export function syntheticNationalId(spec: SyntheticNationalIdSpec, random: () => number): string {
  const year = spec.birthDate.getUTCFullYear();
  const offsets = OFFSETS[spec.kind ?? 'synthetic'];
  const datePart =
    pad2(spec.birthDate.getUTCDate() + offsets.day) + pad2(spec.birthDate.getUTCMonth() + 1 + offsets.month) + pad2(year % 100);

  // Odd ninth digit for men, even for women; about one in six individual numbers gives a control
  // digit of 10 (never issued), so walk on from a random start until one works.
  const candidates = individualNumbersBySex(year, spec.sex);
  const start = Math.min(candidates.length - 1, Math.floor(random() * candidates.length));
  for (let i = 0; i < candidates.length; i++) {
    const nine = datePart + String(candidates[(start + i) % candidates.length]).padStart(3, '0');
    const k1 = controlDigit(nine, K1_WEIGHTS);
    const k2 = k1 === undefined ? undefined : controlDigit(nine + k1, K2_WEIGHTS);
    if (k1 !== undefined && k2 !== undefined) return `${nine}${k1}${k2}`;
  }
  throw new RangeError('No individual number gives valid control digits for this birth date');
}

const candidatesByYearAndSex = new Map<string, number[]>();
/** individualNumbers of the sex's parity, made once per year and sex (the generator asks a million times). */
function individualNumbersBySex(year: number, sex: Sex): number[] {
  const key = `${year}:${sex}`;
  let candidates = candidatesByYearAndSex.get(key);
  if (!candidates) {
    candidates = individualNumbers(year).filter((n) => (n % 2 === 1) === (sex === 'male'));
    candidatesByYearAndSex.set(key, candidates);
  }
  return candidates;
}

/** The individual numbers (digits 7-9) the century rules allot to a birth year. */
function individualNumbers(year: number): number[] {
  if (year >= 1854 && year <= 1899) return range(500, 749);
  if (year >= 1900 && year <= 1999) return year >= 1940 ? [...range(0, 499), ...range(900, 999)] : range(0, 499);
  if (year >= 2000 && year <= 2039) return range(500, 999);
  throw new RangeError('Birth year must be from 1854 to 2039');
}

/** The classic rule (remainder 0), valid before and after the 2032 relaxation of the first digit. */
function controlDigit(digits: string, weights: number[]): number | undefined {
  const sum = weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  const digit = (11 - (sum % 11)) % 11;
  return digit === 10 ? undefined : digit;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
