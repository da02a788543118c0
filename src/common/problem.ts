/**
 * RFC 9457 problem details: the one shape of every error response.
 * Throw `ProblemException` (or any Nest HttpException); the global filter renders it.
 */
import { HttpException } from '@nestjs/common';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One field-level error; `pointer` is a JSON pointer (RFC 6901) into the request body or query. */
export interface FieldError {
  pointer: string;
  detail: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

/** Problem types are URNs under our own namespace, so they never depend on a host being up. */
export function problemType(slug: string): string {
  return `urn:rehabreg:problem:${slug}`;
}

export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super({ type: problemType(slug), title, status, detail, errors }, status);
  }
}

export class ValidationProblem extends ProblemException {
  constructor(errors: FieldError[], detail = 'The request has invalid fields; see errors[] for each one.') {
    super(400, 'validation-error', 'Invalid request', detail, errors);
  }
}

export class NotFoundProblem extends ProblemException {
  constructor(what: string) {
    super(404, 'not-found', 'Not found', `${what} was not found, or you do not have access to it.`);
  }
}

/** Escapes a property name for use in a JSON pointer (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((segment) => `/${pointerSegment(segment)}`).join('');
}
