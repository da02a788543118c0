/**
 * A page's form is checked by the API's own DTO and validation pipe (same rules, same messages to
 * the service), and the service's refusals are caught where the page can show them at a field.
 * What the pages show is their own text in the user's language: the API's messages are English.
 */
import type { Type } from '@nestjs/common';
import { ProblemException, ValidationProblem } from '../common/problem';
import { createValidationPipe } from '../common/validation';

const pipe = createValidationPipe();

/**
 * The validated DTO, or the names of the top-level fields in error (`/targets/0/minimum` → `targets`)
 * and the errors' JSON pointers.
 */
export async function validateForm<T extends object>(
  metatype: Type<T>,
  value: object,
): Promise<{ dto: T } | { fields: string[]; pointers: string[] }> {
  try {
    return { dto: (await pipe.transform(value, { type: 'body', metatype })) as T };
  } catch (error) {
    if (!(error instanceof ValidationProblem)) throw error;
    return { fields: fieldsOf(error), pointers: (error.errors ?? []).map((e) => e.pointer) };
  }
}

export function fieldsOf(problem: ProblemException): string[] {
  return [...new Set((problem.errors ?? []).map((e) => e.pointer.split('/')[1] ?? '').filter(Boolean))];
}

/**
 * Runs a service call; a ProblemException with one of the named slugs (e.g. `institution-exists`)
 * is returned as that slug for the page to show, anything else goes on to the refusal pages.
 */
export async function catchProblems<T>(call: () => Promise<T>, slugs: string[]): Promise<{ value: T } | { problem: ProblemException }> {
  try {
    return { value: await call() };
  } catch (error) {
    if (error instanceof ProblemException && slugs.includes(error.slug)) return { problem: error };
    throw error;
  }
}
