/**
 * Errors on /fhir are OperationOutcomes (application/fhir+json), with the same messages as the
 * problem+json of the JSON API: the one filter renders both, and a field error's place is a FHIRPath
 * expression into the resource sent, where the JSON API gives a JSON pointer.
 */
import { HttpException } from '@nestjs/common';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { Request, Response } from 'express';
import type { ProblemDetails } from '../common/problem';
import { FHIR_CONTENT_TYPE } from './fhir-vocabulary';

/** One error at a place in the resource sent. */
export interface FhirFieldError {
  expression: string;
  detail: string;
}

export function isFhirRequest(req: Request): boolean {
  return req.path === '/fhir' || req.path.startsWith('/fhir/');
}

/** The issue code FHIR has for each status the service answers. */
function issueCode(status: number): OperationOutcomeIssue['code'] {
  const codes: Record<number, OperationOutcomeIssue['code']> = {
    400: 'invalid',
    401: 'login',
    403: 'forbidden',
    404: 'not-found',
    405: 'not-supported',
    409: 'conflict',
    410: 'deleted',
    412: 'duplicate',
    413: 'too-long',
    415: 'not-supported',
    422: 'business-rule',
    429: 'throttled',
    503: 'transient',
  };
  return codes[status] ?? (status >= 500 ? 'exception' : 'processing');
}

/** A refusal with its issues already placed in the resource sent (thrown by the FHIR services). */
export class OperationOutcomeException extends HttpException {
  constructor(
    status: number,
    readonly problem: Pick<ProblemDetails, 'type' | 'title' | 'detail'>,
    readonly fieldErrors: FhirFieldError[] = [],
  ) {
    super(problem.title, status);
  }
}

export function operationOutcome(
  status: number,
  problem: Pick<ProblemDetails, 'type' | 'title' | 'detail' | 'requestId'>,
  fieldErrors: FhirFieldError[] = [],
): OperationOutcome {
  const code = issueCode(status);
  const diagnostics = [problem.type, problem.requestId && `request ${problem.requestId}`].filter(Boolean).join('; ');
  const issue: OperationOutcomeIssue[] = fieldErrors.length
    ? fieldErrors.map((e) => ({
        severity: 'error',
        code,
        details: { text: fhirString(e.detail) },
        diagnostics,
        ...(e.expression ? { expression: [fhirString(e.expression)] } : {}),
      }))
    : [{ severity: 'error', code, details: { text: fhirString(problem.detail ?? problem.title) }, diagnostics }];
  return { resourceType: 'OperationOutcome', issue };
}

/** A message may quote what was sent: FHIR strings take no control characters, so those become U+FFFD. */
function fhirString(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\ufffd') || '?';
}

/** A problem raised outside the FHIR services (authentication, body parsing, limits): its JSON pointers become paths too. */
export function sendProblemAsOperationOutcome(res: Response, problem: ProblemDetails, fieldErrors?: FhirFieldError[]): void {
  const errors = fieldErrors ?? (problem.errors ?? []).map((e) => ({ expression: pointerAsPath(e.pointer), detail: e.detail }));
  res
    .status(problem.status)
    .set('Content-Type', FHIR_CONTENT_TYPE)
    .send(JSON.stringify(operationOutcome(problem.status, problem, errors)));
}

/** `/entry/0/resource` → `entry[0].resource`: for pointers no FHIR mapping placed (a query parameter, a header). */
function pointerAsPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}
