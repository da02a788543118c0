/** Field rules shared by the register's DTOs: real calendar dates, order between dates, ICD-10 codes, free text. */
import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isRealDate(value: unknown): value is string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return (
    date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3])
  );
}

// Built once: constructing an Intl.DateTimeFormat costs ~50 µs, which dominated batch validation.
const OSLO_DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });
let formattedMinute = NaN;
let formattedDate = '';

/** Today's date in Norway (YYYY-MM-DD), where the register's dates are recorded. */
export function todayInNorway(now = new Date()): string {
  // Oslo's offset from UTC is whole hours, so its date cannot change within a UTC minute: format
  // once a minute, not once per date field (a batch of 1,000 episodes checks ~6,000 dates).
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== formattedMinute) {
    // formatToParts rather than a locale's date pattern, which ICU versions have been known to change.
    const parts = OSLO_DATE_FORMAT.formatToParts(now);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    formattedDate = `${part('year')}-${part('month')}-${part('day')}`;
    formattedMinute = minute;
  }
  return formattedDate;
}

function rule(
  name: string,
  validate: (value: unknown, args: ValidationArguments) => boolean,
  message: (args: ValidationArguments) => string,
  options?: ValidationOptions,
): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: { validate },
    });
}

/** A real date written YYYY-MM-DD, not after `today` (Norway's date). */
export function isPastDate(value: unknown, today = todayInNorway()): value is string {
  return isRealDate(value) && value <= today;
}

/** A real date written YYYY-MM-DD. */
export function IsRealDate(options?: ValidationOptions) {
  return rule(
    'isRealDate',
    (value) => isRealDate(value),
    (args) => `${args.property} must be a date (YYYY-MM-DD)`,
    options,
  );
}

/** A real date written YYYY-MM-DD, not in the future. */
export function IsPastDate(options?: ValidationOptions) {
  return rule(
    'isPastDate',
    (value) => isPastDate(value),
    (args) =>
      isRealDate(args.value) ? `${args.property} must not be in the future` : `${args.property} must be a real date written YYYY-MM-DD`,
    options,
  );
}

/** The order rule holds unless both are real dates in the wrong order (a bad date is its own field's error). */
export const isOnOrAfter = (value: unknown, other: unknown): boolean => !isRealDate(value) || !isRealDate(other) || value >= other;
export const isOnOrBefore = (value: unknown, other: unknown): boolean => !isRealDate(value) || !isRealDate(other) || value <= other;

/** This date must be on or after (or before) the date in `otherField` of the same object, when both are valid dates. */
function dateOrder(
  name: string,
  otherField: string,
  holds: (value: unknown, other: unknown) => boolean,
  words: string,
  options?: ValidationOptions,
) {
  return rule(
    name,
    (value, args) => holds(value, (args.object as Record<string, unknown>)[otherField]),
    (args) => `${args.property} must be ${words} ${otherField}`,
    options,
  );
}

export const IsOnOrAfter = (otherField: string, options?: ValidationOptions) =>
  dateOrder('isOnOrAfter', otherField, isOnOrAfter, 'on or after', options);
export const IsOnOrBefore = (otherField: string, options?: ValidationOptions) =>
  dateOrder('isOnOrBefore', otherField, isOnOrBefore, 'on or before', options);

/** ICD-10 codes as A00-Z99 with an optional subdivision; `I639` is read as `I63.9`. */
export const ICD10_PATTERN = /^[A-Z][0-9]{2}(\.?[0-9A-Z]{1,4})?$/;

export function normalizeIcd10(code: string): string {
  const upper = code.trim().toUpperCase();
  return upper.length > 3 && upper[3] !== '.' ? `${upper.slice(0, 3)}.${upper.slice(3)}` : upper;
}

export function isIcd10(value: unknown): value is string {
  return typeof value === 'string' && ICD10_PATTERN.test(value.trim().toUpperCase());
}

export function IsIcd10(options?: ValidationOptions) {
  return rule(
    'isIcd10',
    isIcd10,
    (args) => `${args.property} must be an ICD-10 code such as I63.9 or S06.2 (letter, two digits, optional subdivision)`,
    options,
  );
}

/** Free text must not become a way to store a number the register never keeps. */
const NO_ELEVEN_DIGITS = /^(?!.*\d{11}).*$/s;

/** Free text of `min` to `max` characters, without an identity number; the messages name the field. */
export function IsFreeText(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    IsString({ message: '$property must be a string' }),
    Length(min, max, { message: `$property must be ${min} to ${max} characters` }),
    Matches(NO_ELEVEN_DIGITS, { message: '$property must not contain an identity number (11 digits in a row)' }),
  );
}

/** A reason kept with an act (a correction, a cancellation): 5-500 characters, without an identity number. */
export const IsReason = (): PropertyDecorator => IsFreeText(5, 500);
