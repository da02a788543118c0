/** fast-check arbitraries for national identity numbers, built on the generator in src/pseudonyms. */
import fc from 'fast-check';
import type { NationalIdKind, Sex } from '../../src/pseudonyms/national-id';
import { syntheticNationalId } from '../../src/pseudonyms/synthetic-national-ids';

const DAY_MS = 86_400_000;
const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

/** The span the century rules cover. */
export const FIRST_BIRTH_DATE = '1854-01-01';
export const LAST_BIRTH_DATE = '2039-12-31';

// Where century rules and leap years change: fast-check's own bias reaches only the ends of the span.
const EDGE_DATES = [
  '1854-01-01',
  '1899-12-31',
  '1900-01-01',
  '1900-02-28',
  '1939-12-31',
  '1940-01-01',
  '1953-12-31',
  '1954-01-01',
  '1999-12-31',
  '2000-01-01',
  '2000-02-29',
  '2004-02-29',
  '2039-12-31',
];

/** Birth dates at UTC midnight between `min` and `max` (ISO dates, inclusive). */
export function birthDateArb(min = FIRST_BIRTH_DATE, max = LAST_BIRTH_DATE): fc.Arbitrary<Date> {
  const edges = EDGE_DATES.filter((d) => d >= min && d <= max).map((d) => new Date(`${d}T00:00:00Z`));
  const any = fc.integer({ min: dayNumber(min), max: dayNumber(max) }).map((day) => new Date(day * DAY_MS));
  return edges.length > 0 ? fc.oneof({ arbitrary: any, weight: 4 }, { arbitrary: fc.constantFrom(...edges), weight: 1 }) : any;
}

export const sexArb: fc.Arbitrary<Sex> = fc.constantFrom('male', 'female');
export const kindArb: fc.Arbitrary<NationalIdKind> = fc.constantFrom('fnr', 'dnr', 'hnr', 'synthetic');

export interface GeneratedNationalId {
  value: string;
  birthDate: Date;
  sex: Sex;
  kind: NationalIdKind;
}

/** A valid number together with what it encodes, so tests can compare the parse against it. */
export function nationalIdArb(
  kinds: fc.Arbitrary<NationalIdKind> = kindArb,
  birthDates: fc.Arbitrary<Date> = birthDateArb(),
): fc.Arbitrary<GeneratedNationalId> {
  return fc
    .record({ birthDate: birthDates, sex: sexArb, kind: kinds, random: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) })
    .map(({ random, ...spec }) => ({ ...spec, value: syntheticNationalId(spec, () => random) }));
}
