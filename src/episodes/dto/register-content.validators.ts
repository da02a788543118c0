/** Rules for what an episode holds beyond its dates: the professions set (a rule the batch fast path shares). */
import { registerDecorator, ValidationArguments } from 'class-validator';
import { PROFESSIONS } from '../episode.enums';

/** Why `value` is not a set of professions, or undefined when it is one (at least one, each once, each from the list). */
export function professionsProblem(value: unknown): string | undefined {
  const expected = `professions must be a list of at least one of ${PROFESSIONS.join(', ')}, each at most once`;
  if (!Array.isArray(value) || value.length === 0) return expected;
  const unknown = value.filter((p) => !(PROFESSIONS as readonly unknown[]).includes(p));
  if (unknown.length) return `${expected} (not in the list: ${unknown.map((p) => JSON.stringify(p)).join(', ')})`;
  const repeated = value.filter((p, i) => value.indexOf(p) !== i);
  if (repeated.length) return `${expected} (repeated: ${[...new Set(repeated)].join(', ')})`;
  return undefined;
}

export function IsProfessions() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isProfessions',
      target: object.constructor,
      propertyName,
      options: { message: (args: ValidationArguments) => professionsProblem(args.value) ?? '' },
      validator: { validate: (value: unknown) => professionsProblem(value) === undefined },
    });
}
