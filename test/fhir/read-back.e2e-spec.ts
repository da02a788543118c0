import type { Bundle, EpisodeOfCare, QuestionnaireResponse } from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Actor, createAdmin, createInstitutionWorld, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { fhirBody, outcomeIssues } from './fhir-support';

const NATIONAL_ID = '17854822209';

describe('reading own data back through FHIR', () => {
  let t: TestApp;
  let admin: Actor;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  let externalId: string;
  let episodeId: string;
  let responseIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
    b = await createInstitutionWorld(t, admin);
    externalId = `EOC-${randomUUID()}`;
    const text = readFileSync(join(__dirname, 'fixtures', 'eq5d-admission-discharge.bundle.json'), 'utf8').replaceAll(
      'DIPS-EOC-2026-004711',
      externalId,
    );
    const answer = await t.http().post('/fhir').set(a.apiKey.headers).send(JSON.parse(text)).expect(200);
    const locations = (answer.body as Bundle).entry!.map((e) => e.response!.location!.split('/')[1]);
    [episodeId, ...responseIds] = locations;
  });
  afterAll(() => t.close());

  const get = (path: string, world = a) => t.http().get(path).set(world.apiKey.headers);

  it('reads an episode as the hospital sent it, with a pseudonymized patient', async () => {
    const res = await get(`/fhir/EpisodeOfCare/${episodeId}`).expect(200);
    const episode = fhirBody<EpisodeOfCare>(res, 'EpisodeOfCare');
    expect(res.text).not.toContain(NATIONAL_ID);
    expect(episode.identifier).toEqual([{ value: externalId }]);
    expect(episode.period).toEqual({ start: '2026-03-02', end: '2026-03-27' });
    expect(episode.status).toBe('finished');
    expect(episode.patient.display).toBe('Pseudonymized patient, born 1948, female');
    const codes = Object.fromEntries(
      episode.extension!.filter((e) => e.valueCoding).map((e) => [e.url.split('/').pop(), e.valueCoding!.code]),
    );
    expect(codes).toEqual({
      'episode-setting': 'inpatient',
      'episode-service-level': 'specialist',
      'episode-programme': 'stroke',
      'episode-main-diagnosis': 'I63.4',
      'episode-discharge-destination': 'home_with_services',
    });
  });

  it('finds the episode by the identifier the hospital knows', async () => {
    const bundle = fhirBody<Bundle>(
      await get(`/fhir/EpisodeOfCare?identifier=${encodeURIComponent(`urn:oid:2.16.578.1.12.4.1.2.1234.5|${externalId}`)}`).expect(200),
      'Bundle',
    );
    expect(bundle.entry!.map((e) => e.resource!.id)).toEqual([episodeId]);
    const other = fhirBody<Bundle>(await get(`/fhir/EpisodeOfCare?identifier=${externalId}`, b).expect(200));
    expect(other.total).toBe(0);
    expect(outcomeIssues(await get('/fhir/EpisodeOfCare?patient=x'), 400)).toEqual([
      'patient: Search episodes by identifier=[system|]value only (your own id of the episode).',
    ]);
  });

  it('answers the token forms of an identifier search: value, |value, system|value, alternatives', async () => {
    const ids = async (search: string) =>
      fhirBody<Bundle>(await get(`/fhir/EpisodeOfCare?identifier=${encodeURIComponent(search)}`).expect(200)).entry?.map(
        (e) => e.resource!.id,
      ) ?? [];
    expect(await ids(externalId)).toEqual([episodeId]);
    expect(await ids(`|${externalId}`)).toEqual([episodeId]); // no system: the register's identifiers carry none
    expect(await ids(`urn:oid:2.16.578.1.12.4.1.2.9999|${externalId}`)).toEqual([episodeId]); // one id per episode, whatever system
    expect(await ids(`unknown-id,${externalId},${externalId}`)).toEqual([episodeId]);
    expect(await ids(`${externalId}\\,x`)).toEqual([]); // an escaped comma is part of the value
    const refused = async (search: string) => outcomeIssues(await get(`/fhir/EpisodeOfCare?identifier=${encodeURIComponent(search)}`), 400);
    expect(await refused(`urn:oid:2.16.578.1.12.4.1.4.1|${NATIONAL_ID}`)).toEqual([
      "identifier: Search episodes by your own id of the episode: a national identity number is the patient's, not the episode's.",
    ]);
    expect((await refused('urn:oid:2.16.578.1.12.4.1.2.9999|'))[0]).toMatch(/^identifier: identifier must be \[system\|\]value/);
    expect((await refused('a|b|c'))[0]).toMatch(/one "\|" at most/);
  });

  it('refuses an episode whose identifier is the national identity number, and stores nothing', async () => {
    const bundle = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'eq5d-admission-discharge.bundle.json'), 'utf8')) as Bundle;
    const episode = bundle.entry![0].resource as EpisodeOfCare;
    episode.identifier = [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: NATIONAL_ID }];
    delete bundle.entry![0].request!.ifNoneExist; // it names the fixture's own identifier
    const res = await t.http().post('/fhir').set(a.apiKey.headers).send(bundle);
    expect(outcomeIssues(res, 400)).toEqual([
      "Bundle.entry[0].resource.identifier[0].system: The identifier is your own id of the episode; the patient's national identity number goes in patient.identifier.",
    ]);
    expect(fhirBody<Bundle>(await get(`/fhir/EpisodeOfCare?identifier=${NATIONAL_ID}`).expect(200)).total).toBe(0);
  });

  it('reads a response with its answers as coded on the Questionnaire', async () => {
    const res = await get(`/fhir/QuestionnaireResponse/${responseIds[0]}`).expect(200);
    const response = fhirBody<QuestionnaireResponse>(res, 'QuestionnaireResponse');
    expect(res.text).not.toContain(NATIONAL_ID);
    expect(response.questionnaire).toBe('https://rehabreg.no/fhir/Questionnaire/eq5d-5l|1.0.0');
    expect(response.authored).toBe('2026-03-03');
    expect(response.item!.map((i) => [i.linkId, i.answer![0].valueCoding?.code ?? i.answer![0].valueInteger])).toEqual([
      ['mobility', '4'],
      ['selfCare', '3'],
      ['usualActivities', '4'],
      ['painDiscomfort', '2'],
      ['anxietyDepression', '3'],
      ['vas', 35],
    ]);
    expect(response.extension![0].valueReference!.reference).toBe(`EpisodeOfCare/${episodeId}`);
  });

  it('gives everything of an episode in one Bundle', async () => {
    const bundle = fhirBody<Bundle>(await get(`/fhir/EpisodeOfCare/${episodeId}/$everything`).expect(200), 'Bundle');
    expect(bundle.entry!.map((e) => `${e.resource!.resourceType}/${e.resource!.id}`).sort()).toEqual(
      [`EpisodeOfCare/${episodeId}`, ...responseIds.map((id) => `QuestionnaireResponse/${id}`)].sort(),
    );
  });

  it('answers another institution as if nothing were there, and audits every read', async () => {
    for (const path of [
      `/fhir/EpisodeOfCare/${episodeId}`,
      `/fhir/EpisodeOfCare/${episodeId}/$everything`,
      `/fhir/QuestionnaireResponse/${responseIds[0]}`,
      '/fhir/EpisodeOfCare/not-a-uuid',
    ]) {
      expect(outcomeIssues(await get(path, b), 404)[0]).toMatch(/was not found, or you do not have access to it\.$/);
    }
    const audit = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ action: 'episode.read', objectId: episodeId })
      .set(admin.headers)
      .expect(200);
    // the episode, $everything and the response, by A; B's refused reads read nothing
    expect(audit.body.items.filter((e: { institutionId: string }) => e.institutionId === a.id).length).toBeGreaterThanOrEqual(3);
  });
});
