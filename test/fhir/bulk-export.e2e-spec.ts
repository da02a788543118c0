/** FHIR Bulk Data $export of an institution's own data: kick-off, status, NDJSON files, cancel, scope. */
import type { Bundle, EpisodeOfCare, Resource } from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { Actor, createAdmin, createInstitutionWorld, createUser, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { fhirBody, outcomeIssues, r4Problems } from './fhir-support';

const NATIONAL_ID = '17854822209';
const ASYNC = { Prefer: 'respond-async', Accept: 'application/fhir+json' };

describe('FHIR bulk export ($export)', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  let managerA: Actor;
  let managerB: Actor;
  let storedIds: string[];

  async function dataManager(world: InstitutionWorld): Promise<Actor> {
    const staff = await createUser(t, admin, 'staff', [world.id]);
    await t.http().put(`/api/v1/admin/users/${staff.id}/institutions/${world.id}/data-manager`).set(admin.headers).expect(200);
    return staff;
  }

  async function send(fixture: string): Promise<string[]> {
    const text = readFileSync(join(__dirname, 'fixtures', fixture), 'utf8').replace(/DIPS-EOC-[0-9-]+/g, `EOC-${randomUUID()}`);
    const answer = await t.http().post('/fhir').set(a.apiKey.headers).send(JSON.parse(text)).expect(200);
    return (answer.body as Bundle).entry!.map((e) => e.response!.location!.split('/')[1]);
  }

  const path = (url: string) => new URL(url).pathname;

  async function kickOff(query = '', as = managerA): Promise<string> {
    const res = await t
      .http()
      .get(`/fhir/$export${query}`)
      .set({ ...as.headers, ...ASYNC })
      .expect(202);
    expect(res.text).toBe('');
    return path(res.headers['content-location']);
  }

  /** Polls the status URL as a client would, until the manifest. */
  async function manifest(
    statusPath: string,
  ): Promise<{ output: { type: string; url: string; count: number }[] } & Record<string, unknown>> {
    for (let i = 0; i < 240; i += 1) {
      const res = await t.http().get(statusPath).set(managerA.headers);
      if (res.status === 200) {
        expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
        return res.body;
      }
      expect(res.status).toBe(202);
      expect(res.headers['x-progress']).toMatch(/queued|building/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the export was not built within a minute');
  }

  function download(url: string, as = managerA) {
    return t
      .http()
      .get(path(url))
      .set(as.headers)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => done(null, text));
      });
  }

  const lines = (res: Response) =>
    (res.body as string)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Resource);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
    b = await createInstitutionWorld(t, admin);
    managerA = await dataManager(a);
    managerB = await dataManager(b);
    storedIds = [...(await send('eq5d-admission-discharge.bundle.json')), ...(await send('barthel-admission-discharge.bundle.json'))];
  });
  afterAll(() => t.close());

  it("exports the institution's episodes and responses as NDJSON of valid R4 resources, the same as read back", async () => {
    const statusPath = await kickOff();
    const body = await manifest(statusPath);
    expect(body).toMatchObject({ request: expect.stringMatching(/\/fhir\/\$export$/), requiresAccessToken: true, error: [] });
    expect(new Date(body.transactionTime as string).getTime()).toBeLessThanOrEqual(Date.now());
    expect(body.output.map((o) => [o.type, o.count])).toEqual([
      ['EpisodeOfCare', 2],
      ['QuestionnaireResponse', storedIds.length - 2],
    ]);
    const resources: Resource[] = [];
    for (const output of body.output) {
      const res = await download(output.url).expect(200);
      expect(res.headers['content-type']).toBe('application/fhir+ndjson');
      expect(res.body).not.toContain(NATIONAL_ID);
      const found = lines(res);
      expect(found.every((r) => r.resourceType === output.type)).toBe(true);
      resources.push(...found);
    }
    for (const resource of resources) expect(r4Problems(resource)).toEqual([]);
    expect(resources.map((r) => r.id).sort()).toEqual([...storedIds].sort());
    const episode = resources.find((r) => r.resourceType === 'EpisodeOfCare') as EpisodeOfCare;
    const readBack = fhirBody<EpisodeOfCare>(await t.http().get(`/fhir/EpisodeOfCare/${episode.id}`).set(a.apiKey.headers).expect(200));
    expect(episode).toEqual(readBack);

    // another institution's data manager finds neither the status nor the files, nor can cancel
    expect(outcomeIssues(await t.http().get(statusPath).set(managerB.headers), 404)).toHaveLength(1);
    expect(outcomeIssues(await t.http().get(path(body.output[0].url)).set(managerB.headers), 404)).toHaveLength(1);
    expect(outcomeIssues(await t.http().delete(statusPath).set(managerB.headers), 404)).toHaveLength(1);
    expect(
      outcomeIssues(await t.http().get(`/fhir/$export-file/${randomUUID()}/episodeofcare.ndjson`).set(managerA.headers), 404),
    ).toHaveLength(1);

    // cancelled (deleted): the status and the files are gone
    await t.http().delete(statusPath).set(managerA.headers).expect(202);
    expect(outcomeIssues(await t.http().get(statusPath).set(managerA.headers), 404)).toHaveLength(1);
    expect(outcomeIssues(await t.http().get(path(body.output[0].url)).set(managerA.headers), 404)).toHaveLength(1);
  });

  it('exports only the types asked for with _type', async () => {
    const body = await manifest(await kickOff('?_type=QuestionnaireResponse&_outputFormat=application%2Ffhir%2Bndjson'));
    expect(body.output.map((o) => o.type)).toEqual(['QuestionnaireResponse']);
    expect(
      lines(await download(body.output[0].url).expect(200))
        .map((r) => r.id)
        .sort(),
    ).toEqual(storedIds.filter((_, i) => i % 3 !== 0).sort());
  });

  it('exports only the resources changed after _since, as the Bulk Data specification has it', async () => {
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const newer = await send('barthel-admission-discharge.bundle.json');
    const body = await manifest(await kickOff(`?_since=${encodeURIComponent(since)}`));
    expect(body.request).toContain('_since=');
    const exported: Resource[] = [];
    for (const output of body.output) exported.push(...lines(await download(output.url).expect(200)));
    expect(exported.map((r) => r.id).sort()).toEqual([...newer].sort());
    expect(exported.every((r) => r.meta!.lastUpdated! > since)).toBe(true);
    storedIds.push(...newer);
  });

  it('refuses a kick-off it cannot serve with an OperationOutcome, and no export', async () => {
    const kick = (query: string, headers: Record<string, string> = ASYNC, as = managerA) =>
      t
        .http()
        .get(`/fhir/$export${query}`)
        .set({ ...as.headers, ...headers });
    expect(outcomeIssues(await kick('', { Accept: 'application/fhir+json' }), 400)).toEqual([
      'Prefer: A bulk export runs in the background: send the header Prefer: respond-async.',
    ]);
    expect(outcomeIssues(await kick('', { Prefer: 'respond-async', Accept: 'text/csv' }), 400)[0]).toMatch(/^Accept: /);
    expect(outcomeIssues(await kick('?_since=2026-01-01'), 400)).toEqual([
      '_since: _since must be a FHIR instant with a time zone, e.g. 2026-11-01T00:00:00Z.',
    ]);
    expect(outcomeIssues(await kick('?_since=2999-01-01T00:00:00Z'), 400)).toEqual(['_since: _since is in the future.']);
    expect(outcomeIssues(await kick('?_type=Patient'), 400)[0]).toMatch(/^_type: .*not Patient/);
    expect(outcomeIssues(await kick('?_type='), 400)[0]).toMatch(/^_type: /);
    expect(outcomeIssues(await kick('?_outputFormat=text%2Fcsv'), 400)[0]).toMatch(/^_outputFormat: /);
    expect(outcomeIssues(await kick('?_typeFilter=x'), 400)[0]).toMatch(/^_typeFilter: /);
    // data managers only, as own-data exports: not an institution system's API key, not other staff
    expect(
      outcomeIssues(
        await t
          .http()
          .get('/fhir/$export')
          .set({ ...a.apiKey.headers, ...ASYNC }),
        403,
      ),
    ).toHaveLength(1);
    expect(outcomeIssues(await kick('', ASYNC, a.staff), 403)).toHaveLength(1);
    expect(outcomeIssues(await t.http().get('/fhir/$export').set(ASYNC), 401)).toHaveLength(1);
  });
});
