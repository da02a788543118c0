/**
 * Property-based: a realistic transaction Bundle with one element replaced by generated junk (or
 * removed) is either taken (200, a transaction-response) or refused with a 4xx OperationOutcome that
 * is itself valid R4; never a 5xx. Broken JSON and other bodies are covered for every write route,
 * /fhir included, by test/fuzz/write-routes.e2e-spec.ts.
 */
import type { Bundle } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Actor, createAdmin, createInstitutionWorld, createUser, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { r4Problems } from './fhir-support';

const FIXTURE = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'eq5d-admission-discharge.bundle.json'), 'utf8')) as Bundle;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value in the Bundle, as lists of keys and indexes. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...children.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}
const ALL_PATHS = paths(FIXTURE as unknown as Json).filter((p) => p.length > 0);

function mutated(path: (string | number)[], junk: unknown, remove: boolean): unknown {
  const copy = structuredClone(FIXTURE) as unknown as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) delete parent[last];
  else parent[last] = junk;
  // a fresh episode id each time, so an accepted Bundle is its own episode
  return JSON.parse(JSON.stringify(copy).replaceAll('DIPS-EOC-2026-004711', `EOC-${randomUUID()}`));
}

describe('FHIR transaction Bundles under generated damage', () => {
  let t: TestApp;
  let a: InstitutionWorld;
  let dataManagerA: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
    dataManagerA = await createUser(t, admin, 'staff', [a.id]);
    await t.http().put(`/api/v1/admin/users/${dataManagerA.id}/institutions/${a.id}/data-manager`).set(admin.headers).expect(200);
  });
  afterAll(() => t.close());

  it('takes or refuses every damaged Bundle with a valid OperationOutcome, never a 5xx', async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ALL_PATHS),
        fc.oneof(fc.anything(), fc.string(), fc.constant('\u0000'), fc.integer(), fc.constant({ resourceType: 'Patient' })),
        fc.boolean(),
        async (path, junk, remove) => {
          const res = await t
            .http()
            .post('/fhir')
            .set({ ...a.apiKey.headers, 'Content-Type': 'application/fhir+json' })
            .send(JSON.stringify(mutated(path, junk, remove)));
          const where = `${path.join('.')} ${remove ? 'removed' : `= ${JSON.stringify(junk)}`} -> ${res.status}`;
          if (!String(res.headers['content-type']).startsWith('application/fhir+json')) failures.push(`${where}: not fhir+json`);
          else if (res.status >= 500 || (res.status !== 200 && res.status < 400)) failures.push(where);
          else if (res.status >= 400 && (res.body.resourceType !== 'OperationOutcome' || r4Problems(res.body).length))
            failures.push(`${where}: not a valid OperationOutcome`);
          return true;
        },
      ),
      { numRuns: 80, seed: 20261130 },
    );
    expect(failures).toEqual([]);
  });

  it('answers hostile search values and ids on every FHIR read with 200 or a 4xx OperationOutcome', async () => {
    const hostile = ['a\u0000b', 'x'.repeat(10_000), '['.repeat(5_000), '%00', '\ud800', "'; DROP TABLE episodes; --", 'a|b|c', '|'];
    const failures: string[] = [];
    // a lone surrogate cannot be percent-encoded: sent raw in the path, as a hostile client would
    const segment = (value: string) => (value === '\ud800' ? '%ED%A0%80' : encodeURIComponent(value));
    for (const value of hostile) {
      for (const [path, query] of [
        ['/fhir/EpisodeOfCare', { identifier: value }],
        ['/fhir/CodeSystem', { url: value }],
        ['/fhir/Questionnaire', { url: value }],
        [`/fhir/EpisodeOfCare/${segment(value)}`, {}],
        [`/fhir/EpisodeOfCare/${segment(value)}/$everything`, {}],
        [`/fhir/QuestionnaireResponse/${segment(value)}`, {}],
        [`/fhir/StructureDefinition/${segment(value)}`, {}],
      ] as const) {
        const res = await t.http().get(path).query(query).set(a.apiKey.headers);
        const fine = res.status === 200 || (res.status >= 400 && res.status < 500 && res.body.resourceType === 'OperationOutcome');
        if (!fine || !String(res.headers['content-type']).startsWith('application/fhir+json') || r4Problems(res.body).length)
          failures.push(`${path.slice(0, 60)} ${JSON.stringify(query).slice(0, 40)} -> ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers hostile parameters, ids and file names on the bulk export routes with a 4xx OperationOutcome and starts no export', async () => {
    const hostile = [
      'a\u0000b',
      'x'.repeat(10_000),
      '['.repeat(5_000),
      '%00',
      '\ud800',
      "'; DROP TABLE episodes; --",
      'a|b|c',
      ',',
      'EpisodeOfCare,',
    ];
    const failures: string[] = [];
    const segment = (value: string) => (value === '\ud800' ? '%ED%A0%80' : encodeURIComponent(value));
    const headers = { ...dataManagerA.headers, Prefer: 'respond-async', Accept: 'application/fhir+json' };
    for (const value of hostile) {
      const requests = [
        ...['_type', '_since', '_outputFormat', '_typeFilter', 'patient'].map((name) =>
          t
            .http()
            .get('/fhir/$export')
            .query({ [name]: value }),
        ),
        t.http().get(`/fhir/$export?${segment(value)}=1`),
        t.http().get(`/fhir/$export-status/${segment(value)}`),
        t.http().delete(`/fhir/$export-status/${segment(value)}`),
        t.http().get(`/fhir/$export-file/${segment(value)}/episodeofcare.ndjson`),
        t.http().get(`/fhir/$export-file/${randomUUID()}/${segment(value)}`),
      ];
      for (const req of requests) {
        const res = await req.set(headers);
        const fine = res.status >= 400 && res.status < 500 && res.body.resourceType === 'OperationOutcome';
        if (!fine || !String(res.headers['content-type']).startsWith('application/fhir+json') || r4Problems(res.body).length)
          failures.push(`${req.url.slice(0, 80)} -> ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    const exports = await t.http().get('/api/v1/exports').set(dataManagerA.headers).expect(200);
    expect(exports.body.items).toEqual([]);
  });
});
