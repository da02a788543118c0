/**
 * The validator of the facade (Medplum's, walked once per shape: src/fhir/fhir-shape-cache.ts) agrees
 * with Medplum's validator run on the whole resource, for the hand-written Bundles and for damaged
 * copies of them: the same answer (valid or not) and, when not, the same issues.
 */
import type { Bundle } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asksOnlyExistence } from '../../src/fhir/fhir-shape-cache';
import { r4Errors } from '../../src/fhir/fhir-validator';
import { r4Problems } from './fhir-support';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as Bundle;
const FIXTURES = [fixture('eq5d-admission-discharge.bundle.json'), fixture('barthel-admission-discharge.bundle.json')];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a primitive value, as lists of keys and indexes. */
function leaves(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return children.flatMap(([key, child]) => leaves(child, [...prefix, key]));
}

function changed(bundle: Bundle, path: (string | number)[], value: unknown, remove: boolean): Bundle {
  const copy = structuredClone(bundle) as unknown as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  if (remove) delete parent[path[path.length - 1]];
  else parent[path[path.length - 1]] = value;
  return copy as unknown as Bundle;
}

const issueLines = (resource: unknown) =>
  r4Errors(resource).map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics ?? ''}`);

/** Values that pass some of the primitive checks and fail others (dates, codes, ids, URIs, integers). */
const PRIMITIVES = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', '2026-02-30', '2026-13-01', '2026-03-02', '2026-03-02T09:30:00+01:00', 'a b', 'a  b', 'urn:uuid:x', '#x'),
  fc.constantFrom('EpisodeOfCare/1', 'urn:oid:2.16.578.1.12.4.1.4.1', 'completed', 'amended', 'transaction', 'POST', 'PUT'),
  fc.integer(),
  fc.constantFrom(0, -1, 1.5, 2_147_483_648, 1e300, true, false, null),
);

describe('R4 validation, once per shape', () => {
  it('finds the hand-written Bundles valid', () => {
    for (const bundle of FIXTURES) {
      expect(issueLines(bundle)).toEqual([]);
      expect(issueLines(bundle)).toEqual([]); // the second time from its shapes
    }
  });

  it('answers a damaged Bundle as Medplum validating it whole does', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES), fc.nat(), PRIMITIVES, fc.boolean(), (bundle, pick, value, remove) => {
        const paths = leaves(bundle as unknown as Json);
        const damaged = changed(bundle, paths[pick % paths.length], value, remove && pick % 4 === 0);
        expect(issueLines(damaged)).toEqual(r4Problems(damaged));
      }),
      { numRuns: 400 },
    );
  });

  it('evaluates the invariants that read values on every resource of a known shape', () => {
    const [bundle] = FIXTURES;
    expect(issueLines(bundle)).toEqual([]);
    // Two entries with one fullUrl: the shape of the valid Bundle, refused by bdl-7.
    const twice = changed(bundle, ['entry', 1, 'fullUrl'], bundle.entry![0].fullUrl, false);
    const issues = issueLines(twice);
    expect(issues.join('\n')).toMatch(/bdl-7/);
    expect(issues).toEqual(r4Problems(twice));
  });

  it('tells a day that does not exist from one that does, in a known shape', () => {
    const [bundle] = FIXTURES;
    expect(issueLines(bundle)).toEqual([]);
    const consentDate = ['entry', 0, 'resource', 'extension', 4, 'extension', 1, 'valueDate'];
    for (const [path, day] of [
      [consentDate, '2026-02-30'],
      [['entry', 1, 'resource', 'authored'], '2026-02-29T10:00:00+01:00'],
    ] as const) {
      const damaged = changed(bundle, [...path], day, false);
      expect(issueLines(damaged)).toEqual(r4Problems(damaged));
      expect(issueLines(damaged).join('\n')).toMatch(/Invalid date/);
    }
  });

  it('validates in full what it does not cache: primitive extensions and contained resources', () => {
    const [bundle] = FIXTURES;
    const withExtension = changed(bundle, ['entry', 0, 'resource', '_status'], { id: 'x y' }, false);
    expect(issueLines(withExtension)).toEqual(r4Problems(withExtension));
    const contained = changed(bundle, ['entry', 0, 'resource', 'contained'], [{ resourceType: 'Basic' }], false);
    expect(issueLines(contained)).toEqual(r4Problems(contained));
    expect(issueLines(contained).length).toBeGreaterThan(0);
  });

  it('leaves to the shape only the invariants that ask which elements exist', () => {
    const shapeOnly = [
      'extension.exists() != value.exists()',
      '(answer.exists() and item.exists()).not()',
      'contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()',
    ];
    const readingValues = [
      'active.not()',
      'a = b',
      "code.exists() and code = 'x'",
      'start.hasValue().not() or end.hasValue().not() or (start <= end)',
      '%resource.contained.exists()',
      'x.where(y.exists()).exists()',
      'a.exists() = b',
      'a.exists() and',
    ];
    expect(shapeOnly.filter((e) => !asksOnlyExistence(e))).toEqual([]);
    expect(readingValues.filter(asksOnlyExistence)).toEqual([]);
  });
});
