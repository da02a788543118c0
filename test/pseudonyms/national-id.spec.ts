import fc from 'fast-check';
import { idnr } from '@navikt/fnrvalidator';
import { NATIONAL_ID_REASONS, parseNationalId } from '../../src/pseudonyms/national-id';
import { syntheticNationalId } from '../../src/pseudonyms/synthetic-national-ids';
import { birthDateArb, kindArb, nationalIdArb } from '../support/national-id.arbitraries';

// A fixed clock after every generated birth date (the century rules end in 2039).
const AFTER_ALL_BIRTHS = new Date('2040-01-01T12:00:00Z');
const lenient = { allowSynthetic: true, today: AFTER_ALL_BIRTHS };
const strict = { allowSynthetic: false, today: AFTER_ALL_BIRTHS };

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/*
 * Known-good examples, worked by hand. Control digit weights: k1 3 7 6 1 8 9 4 5 2, k2 5 4 3 2 7 6 5 4 3 2 (on
 * the first ten digits); each digit is 11 - (sum mod 11), 11 means 0, 10 means "never issued".
 *
 *   15038512363  15.03.85, individual 123 (000-499: 1900s), ninth digit 3 odd: male, born 1985-03-15.
 *     k1: 3·1+7·5+6·0+1·3+8·8+9·5+4·1+5·2+2·3 = 170; 170 mod 11 = 5; k1 = 6
 *     k2: 5·1+4·5+3·0+2·3+7·8+6·5+5·1+4·2+3·3+2·6 = 151; 151 mod 11 = 8; k2 = 3
 *   55038512357  D-number (first digit +4) for the same date: k1 182 mod 11 = 6 → 5; k2 169 mod 11 = 4 → 7
 *   15438512346  H-number (month +40): k1 194 mod 11 = 7 → 4; k2 159 mod 11 = 5 → 6
 *   15838512329  synthetic (month +80): k1 218 mod 11 = 9 → 2; k2 167 mod 11 = 2 → 9
 *   65838512393  synthetic D-number (day +40, month +80), as Tenor issues them: k1 233 mod 11 = 2 → 9; k2 206 mod 11 = 8 → 3
 *   29020050088  29.02.00, individual 500 (500-999 with year 00-39: 2000s), 2000 is a leap year, female (0)
 *   01087060043  01.08.70, individual 600 (500-749 with year 54-99: 1800s): 1870-08-01, female
 *   01014090017  01.01.40, individual 900 (900-999 with year 40-99: 1900s): 1940-01-01, female
 *   15038512371  as the first, but k1 from remainder 1 (allowed for numbers issued from 2032): k1 = 7;
 *     k2: 151 - 2·6 + 2·7 = 153; 153 mod 11 = 10; k2 = 1
 */
describe('parseNationalId', () => {
  it.each([
    ['15038512363', 'fnr', '1985-03-15', 'male'],
    ['55038512357', 'dnr', '1985-03-15', 'male'],
    ['15438512346', 'hnr', '1985-03-15', 'male'],
    ['15838512329', 'synthetic', '1985-03-15', 'male'],
    ['65838512393', 'synthetic', '1985-03-25', 'male'],
    ['29020050088', 'fnr', '2000-02-29', 'female'],
    ['01087060043', 'fnr', '1870-08-01', 'female'],
    ['01014090017', 'fnr', '1940-01-01', 'female'],
    ['15038512371', 'fnr', '1985-03-15', 'male'],
  ])('reads %s as a %s born %s, %s', (value, kind, birthDate, sex) => {
    expect(parseNationalId(value, lenient)).toEqual({
      ok: true,
      kind,
      birthDate,
      birthYear: Number(birthDate.slice(0, 4)),
      sex,
    });
  });

  it('reads every generated number of every kind with the birth date, year and sex it was made from', () => {
    fc.assert(
      fc.property(nationalIdArb(), ({ value, birthDate, sex, kind }) => {
        expect(parseNationalId(value, lenient)).toEqual({
          ok: true,
          kind,
          birthDate: isoDate(birthDate),
          birthYear: birthDate.getUTCFullYear(),
          sex,
        });
      }),
      { numRuns: 2000 },
    );
  });

  // Every single-digit change is caught: the second control digit makes the weighted sum of all
  // eleven digits 0 mod 11 with weights 5 4 3 2 7 6 5 4 3 2 1, none 0 mod 11, and a change of d
  // (1 ≤ |d| ≤ 9) moves the sum by weight·d, which 11 (a prime) cannot divide. This still holds with
  // the four first control digits allowed from 2032. (Swapping two neighbouring digits is not always caught.)
  it('refuses a valid number with any single digit changed', () => {
    fc.assert(
      fc.property(nationalIdArb(), ({ value }) => {
        for (let position = 0; position < 11; position++) {
          for (const digit of '0123456789') {
            if (digit === value[position]) continue;
            const changed = value.slice(0, position) + digit + value.slice(position + 1);
            expect(parseNationalId(changed, lenient).ok).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses synthetic numbers when the deployment does not allow them, and accepts the other kinds', () => {
    fc.assert(
      fc.property(nationalIdArb(), ({ value, kind }) => {
        const result = parseNationalId(value, strict);
        if (kind === 'synthetic') expect(result).toEqual({ ok: false, reason: NATIONAL_ID_REASONS.synthetic });
        else expect(result.ok).toBe(true);
      }),
    );
    expect(parseNationalId('65838512393', strict)).toEqual({ ok: false, reason: NATIONAL_ID_REASONS.synthetic });
  });

  it('refuses birth dates after today, in Norway, and accepts a birth today', () => {
    const today = new Date('2024-06-01T12:00:00Z');
    fc.assert(
      fc.property(nationalIdArb(kindArb, birthDateArb('2024-06-02')), ({ value }) => {
        expect(parseNationalId(value, { allowSynthetic: true, today })).toEqual({
          ok: false,
          reason: NATIONAL_ID_REASONS.future,
        });
      }),
    );
    const bornToday = syntheticNationalId({ birthDate: new Date('2024-06-01T00:00:00Z'), sex: 'female' }, () => 0.5);
    expect(parseNationalId(bornToday, { allowSynthetic: true, today }).ok).toBe(true);
    // 23:30 UTC on 31 May is already 1 June in Oslo.
    expect(parseNationalId(bornToday, { allowSynthetic: true, today: new Date('2024-05-31T23:30:00Z') }).ok).toBe(true);
  });

  it('refuses 29 February 1900, which the library accepts because it reads year 00 as 2000', () => {
    // 29020005031: 29.02.00, individual 050 (1900s); k1 96 mod 11 = 8 → 3; k2 76 mod 11 = 10 → 1
    expect(idnr('29020005031').status).toBe('valid');
    expect(parseNationalId('29020005031', lenient)).toEqual({ ok: false, reason: NATIONAL_ID_REASONS.date });
  });

  it('refuses individual numbers that no century rule allots to the birth year', () => {
    // 01016080000: 01.01.60 with individual 800 (750-899 is only issued for years 00-39); k1 88 mod 11 = 0 → 0; k2 88 → 0
    expect(parseNationalId('01016080000', lenient)).toEqual({ ok: false, reason: NATIONAL_ID_REASONS.century });
  });

  it('refuses a number marked as both D-number and H-number', () => {
    // 65438512300: day +40 and month +40; k1 209 mod 11 = 0 → 0; k2 176 mod 11 = 0 → 0
    expect(parseNationalId('65438512300', lenient)).toEqual({ ok: false, reason: NATIONAL_ID_REASONS.unsupportedKind });
  });

  it.each([
    ['ten digits', '1503851236'],
    ['twelve digits', '150385123630'],
    ['spaces', '150385 12363'],
    ['letters', '15038512X63'],
    ['full-width digits', '１５０３８５１２３６３'],
    ['nothing', ''],
  ])('refuses %s as not eleven digits', (_, value) => {
    expect(parseNationalId(value, lenient)).toEqual({ ok: false, reason: NATIONAL_ID_REASONS.format });
  });

  it('refuses a value that is not a string without throwing', () => {
    expect(parseNationalId(15038512363 as unknown as string, lenient)).toEqual({ ok: false, reason: NATIONAL_ID_REASONS.format });
  });

  it('gives reasons that contain no digit at all, so never a part of the number', () => {
    const nearlyValid = nationalIdArb().chain(({ value }) =>
      fc
        .record({ position: fc.integer({ min: 0, max: 10 }), digit: fc.integer({ min: 0, max: 9 }) })
        .map(({ position, digit }) => value.slice(0, position) + digit + value.slice(position + 1)),
    );
    const inputs = fc.oneof(nearlyValid, fc.stringMatching(/^\d{11}$/), fc.string(), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(inputs, fc.boolean(), (value, allowSynthetic) => {
        const result = parseNationalId(value, { allowSynthetic, today: new Date('2024-06-01T12:00:00Z') });
        if (!result.ok) expect(result.reason).not.toMatch(/\d/);
      }),
      { numRuns: 2000 },
    );
    for (const reason of Object.values(NATIONAL_ID_REASONS)) expect(reason).not.toMatch(/\d/);
  });
});
