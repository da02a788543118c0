import type { Bundle, EpisodeOfCare, QuestionnaireResponse } from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Actor, createAdmin, createInstitutionWorld, createUser, InstitutionWorld, newNationalId } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { fhirBody, outcomeIssues } from './fhir-support';

const fixture = (name: string): Bundle => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as Bundle;
const EQ5D = 'eq5d-admission-discharge.bundle.json';
const BARTHEL = 'barthel-admission-discharge.bundle.json';

const episodeOf = (bundle: Bundle) => bundle.entry![0].resource as EpisodeOfCare;
const responseOf = (bundle: Bundle, i: number) => bundle.entry![i].resource as QuestionnaireResponse;

/** The fixture with an external id no other test uses, so each test's episode is its own. */
function fresh(name: string): { bundle: Bundle; externalId: string } {
  const bundle = fixture(name);
  const externalId = `EOC-${randomUUID()}`;
  const old = episodeOf(bundle).identifier![0].value!;
  const text = JSON.stringify(bundle).replaceAll(old, externalId);
  return { bundle: JSON.parse(text) as Bundle, externalId };
}

interface ScoredResponse {
  timepoint: string;
  instrument: string;
  version: number;
  scores: Record<string, unknown>;
}

describe('FHIR transaction Bundles', () => {
  let t: TestApp;
  let a: InstitutionWorld;
  let b: InstitutionWorld;
  let admin: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    a = await createInstitutionWorld(t, admin);
    b = await createInstitutionWorld(t, admin);
  });
  afterAll(() => t.close());

  const post = (bundle: unknown, headers: Record<string, string> = {}) =>
    t
      .http()
      .post('/fhir')
      .set({ ...a.apiKey.headers, 'Content-Type': 'application/fhir+json', ...headers })
      .send(JSON.stringify(bundle));

  async function stored(externalId: string, world = a): Promise<{ total: number; responses: ScoredResponse[] }> {
    const page = await t.http().get('/api/v1/episodes').query({ externalId }).set(world.apiKey.headers).expect(200);
    if (page.body.count === 0) return { total: 0, responses: [] };
    const episode = await t.http().get(`/api/v1/episodes/${page.body.items[0].id}`).set(world.apiKey.headers).expect(200);
    return { total: page.body.count, responses: episode.body.responses };
  }

  it('stores a hospital system’s EQ-5D-5L Bundle once when sent twice, with the scores the JSON API gives', async () => {
    const { bundle, externalId } = fresh(EQ5D);
    const first = fhirBody<Bundle>(await post(bundle).expect(200), 'Bundle');
    expect(first.type).toBe('transaction-response');
    expect(first.entry!.map((e) => e.response!.status)).toEqual(['201 Created', '201 Created', '201 Created']);
    expect(first.entry![0].response!.location).toMatch(/^EpisodeOfCare\/[0-9a-f-]{36}$/);
    expect(first.entry![1].response!.location).toMatch(/^QuestionnaireResponse\/[0-9a-f-]{36}$/);

    const again = fhirBody<Bundle>(await post(bundle).expect(200), 'Bundle');
    expect(again.entry!.map((e) => e.response!.status)).toEqual(['200 OK', '200 OK', '200 OK']);
    expect(again.entry!.map((e) => e.response!.location)).toEqual(first.entry!.map((e) => e.response!.location));

    const viaFhir = await stored(externalId);
    expect(viaFhir.total).toBe(1);
    expect(viaFhir.responses.map((r) => r.version)).toEqual([1, 1]);

    // The same data through the JSON API, written out by hand, in another institution
    const admission = { mobility: 4, selfCare: 3, usualActivities: 4, painDiscomfort: 2, anxietyDepression: 3, vas: 35 };
    const discharge = { mobility: 2, selfCare: 1, usualActivities: 2, painDiscomfort: 2, anxietyDepression: 1, vas: 70 };
    const jsonBody = {
      episodes: [
        {
          externalId,
          patient: { nationalId: '17854822209' },
          admissionDate: '2026-03-02',
          dischargeDate: '2026-03-27',
          setting: 'inpatient',
          serviceLevel: 'specialist',
          programme: 'stroke',
          mainDiagnosis: 'I63.4',
          consent: { status: 'given', date: '2026-03-02' },
          dischargeDestination: 'home_with_services',
          responses: [
            { timepoint: 'admission', instrument: 'eq5d-5l', completedDate: '2026-03-03', mode: 'patient_paper', answers: admission },
            { timepoint: 'discharge', instrument: 'eq5d-5l', completedDate: '2026-03-26', mode: 'patient_web', answers: discharge },
          ],
        },
      ],
    };
    await t
      .http()
      .post('/api/v1/submissions')
      .set({ ...b.apiKey.headers, 'Idempotency-Key': randomUUID() })
      .send(jsonBody)
      .expect(201);
    const viaJson = await stored(externalId, b);
    const scores = (responses: ScoredResponse[]) => responses.map((r) => [r.timepoint, r.instrument, r.scores]);
    expect(scores(viaFhir.responses)).toEqual(scores(viaJson.responses));
    expect(viaFhir.responses[0].scores.state).toBe('43423');
  });

  it('applies a Bundle once per Idempotency-Key and says when it replays', async () => {
    const { bundle, externalId } = fresh(BARTHEL);
    const key = randomUUID();
    const first = await post(bundle, { 'Idempotency-Key': key }).expect(200);
    const replay = await post(bundle, { 'Idempotency-Key': key }).expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(fhirBody<Bundle>(replay).entry).toEqual(fhirBody<Bundle>(first).entry);
    const { total, responses } = await stored(externalId);
    expect(total).toBe(1);
    expect(responses.map((r) => [r.timepoint, r.scores.total100])).toEqual([
      ['admission', 45],
      ['discharge', 95],
    ]);
    const other = structuredClone(bundle);
    (other.entry![0].resource as EpisodeOfCare).period!.end = '2026-05-16';
    expect(outcomeIssues(await post(other, { 'Idempotency-Key': key }), 422)[0]).toMatch(/Idempotency-Key was already used/);
  });

  it('takes a single QuestionnaireResponse for an episode the register has: new, unchanged, corrected; never another institution’s', async () => {
    const { bundle, externalId } = fresh(EQ5D);
    const episodeId = fhirBody<Bundle>(await post(bundle).expect(200)).entry![0].response!.location!.split('/')[1];
    const mrs = (grade: string, link: Record<string, unknown>): QuestionnaireResponse => ({
      resourceType: 'QuestionnaireResponse',
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare', valueReference: link },
        {
          url: 'https://rehabreg.no/fhir/StructureDefinition/response-timepoint',
          valueCoding: { system: 'https://rehabreg.no/fhir/CodeSystem/timepoint', code: 'admission' },
        },
        {
          url: 'https://rehabreg.no/fhir/StructureDefinition/response-mode',
          valueCoding: { system: 'https://rehabreg.no/fhir/CodeSystem/response-mode', code: 'clinician' },
        },
      ],
      questionnaire: 'https://rehabreg.no/fhir/Questionnaire/mrs',
      status: 'completed',
      subject: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: '17854822209' } },
      authored: '2026-03-02',
      item: [{ linkId: 'score', answer: [{ valueCoding: { system: 'https://rehabreg.no/fhir/CodeSystem/mrs-grade', code: grade } }] }],
    });
    const send = (resource: unknown, world = a) =>
      t
        .http()
        .post('/fhir/QuestionnaireResponse')
        .set({ ...world.apiKey.headers, 'Content-Type': 'application/fhir+json' })
        .send(JSON.stringify(resource));
    const created = fhirBody<QuestionnaireResponse>(
      await send(mrs('4', { identifier: { value: externalId } })).expect(201),
      'QuestionnaireResponse',
    );
    expect(created.meta!.versionId).toBe('1');
    const same = fhirBody<QuestionnaireResponse>(await send(mrs('4', { reference: `EpisodeOfCare/${episodeId}` })).expect(200));
    expect([same.id, same.meta!.versionId]).toEqual([created.id, '1']);
    const corrected = fhirBody<QuestionnaireResponse>(await send(mrs('3', { identifier: { value: externalId } })).expect(200));
    expect([corrected.status, corrected.meta!.versionId]).toEqual(['amended', '2']);
    expect((await stored(externalId)).responses.find((r) => r.instrument === 'mrs')!.scores.score).toBe(3);

    expect(outcomeIssues(await send(mrs('3', { reference: `EpisodeOfCare/${episodeId}` }), b), 404)[0]).toMatch(/not found/);
    const stranger = mrs('3', { identifier: { value: externalId } });
    stranger.subject!.identifier!.value = '02916122341';
    expect(outcomeIssues(await send(stranger), 409)).toEqual([
      "QuestionnaireResponse.subject: The response's subject is not the patient of its episode.",
    ]);
    expect(outcomeIssues(await send(mrs('9', { identifier: { value: externalId } })), 400)).toEqual([
      'QuestionnaireResponse.item[0].answer[0]: score must be a whole number from 0 to 6 (0 = no symptoms ... 5 = severe disability, 6 = dead)',
    ]);
  });

  it('carries every field of the register both ways, and answers with the register’s scores', async () => {
    const { bundle, externalId } = fresh(BARTHEL);
    const answer = fhirBody<Bundle>(await post(bundle).expect(200), 'Bundle');
    const [episodeId, ...responseIds] = answer.entry!.map((e) => e.response!.location!.split('/')[1]);
    const json = (await t.http().get(`/api/v1/episodes/${episodeId}`).set(a.apiKey.headers).expect(200)).body;
    expect(json).toMatchObject({
      rehabLevel: '5.2',
      professions: ['physician', 'nurse', 'physiotherapist', 'occupational_therapist', 'speech_therapist'],
      individualPlan: 'established',
      coordinator: 'assigned',
      referralDate: '2026-03-24',
      municipalityNotifiedDate: '2026-05-04',
    });

    const read = fhirBody<EpisodeOfCare>(await t.http().get(`/fhir/EpisodeOfCare/${episodeId}`).set(a.apiKey.headers).expect(200));
    // the same extensions as sent; codes carry the register's displays, not the sender's
    const codesOnly = (extensions: EpisodeOfCare['extension']) =>
      extensions!.map((e) => JSON.stringify(e.valueCoding ? { ...e, valueCoding: { ...e.valueCoding, display: undefined } } : e)).sort();
    expect(codesOnly(read.extension)).toEqual(codesOnly(episodeOf(bundle).extension));

    const response = fhirBody<QuestionnaireResponse>(
      await t.http().get(`/fhir/QuestionnaireResponse/${responseIds[0]}`).set(a.apiKey.headers).expect(200),
    );
    const scores = response.extension!.find((e) => e.url === 'https://rehabreg.no/fhir/StructureDefinition/response-scores')!;
    const byName = Object.fromEntries(scores.extension!.map((e) => [e.url, e.valueInteger ?? e.valueCode ?? e.valueString]));
    const viaJson = (await stored(externalId)).responses[0].scores;
    expect(byName).toEqual({
      total100: viaJson.total100,
      total20: viaJson.total20,
      band: viaJson.band,
      scoringVersion: viaJson.scoringVersion,
    });
    expect(response.extension!.find((e) => e.url.endsWith('/response-in-window'))!.valueBoolean).toBe(true);
  });

  it('takes Barthel on the 20-point scale as its own Questionnaire, and gives it back so', async () => {
    const { bundle, externalId } = fresh(BARTHEL);
    const admission = responseOf(bundle, 1);
    admission.questionnaire = 'https://rehabreg.no/fhir/Questionnaire/barthel-20';
    for (const item of admission.item!)
      item.answer![0].valueCoding = {
        system: 'https://rehabreg.no/fhir/CodeSystem/barthel-20-item-score',
        code: String(Number(item.answer![0].valueCoding!.code) / 5),
      };
    const answer = fhirBody<Bundle>(await post(bundle).expect(200), 'Bundle');
    const stored20 = (await stored(externalId)).responses.find((r) => r.timepoint === 'admission')!;
    expect([stored20.scores.total20, stored20.scores.total100]).toEqual([9, 45]);
    const read = fhirBody<QuestionnaireResponse>(
      await t.http().get(`/fhir/${answer.entry![1].response!.location}`).set(a.apiKey.headers).expect(200),
    );
    expect(read.questionnaire).toBe('https://rehabreg.no/fhir/Questionnaire/barthel-20|1.0.0');
    expect(read.item!.map((i) => i.answer![0].valueCoding!.code)).toEqual(admission.item!.map((i) => i.answer![0].valueCoding!.code));
  });

  it('creates an episode conditionally with If-None-Exist: 201, then 200 unchanged, 412 when two you can see match', async () => {
    const { bundle, externalId } = fresh(EQ5D);
    const episode = episodeOf(bundle);
    const postEpisode = (resource: EpisodeOfCare, headers: Record<string, string>, as: Record<string, string> = a.apiKey.headers) =>
      t
        .http()
        .post('/fhir/EpisodeOfCare')
        .set({ ...as, 'Content-Type': 'application/fhir+json', ...headers })
        .send(JSON.stringify(resource));
    const condition = { 'If-None-Exist': `identifier=urn:oid:2.16.578.1.12.4.1.2.1234.5|${externalId}` };
    const created = await postEpisode(episode, condition).expect(201);
    expect(created.headers.location).toBe(`EpisodeOfCare/${created.body.id}`);
    const changed = structuredClone(episode);
    changed.period!.end = '2026-03-28';
    const kept = fhirBody<EpisodeOfCare>(await postEpisode(changed, condition).expect(200), 'EpisodeOfCare');
    expect([kept.id, kept.period!.end]).toEqual([created.body.id, '2026-03-27']);
    // without the condition the register's key applies: the same identifier updates the episode
    expect(fhirBody<EpisodeOfCare>(await postEpisode(changed, {}).expect(200)).period!.end).toBe('2026-03-28');
    expect((await stored(externalId)).total).toBe(1);
    expect(outcomeIssues(await postEpisode(episode, { 'If-None-Exist': 'identifier=another-id' }), 400)[0]).toMatch(/^If-None-Exist: /);

    // the same identifier in another institution: its staff member of both sees two matches
    await postEpisode(episode, {}, b.apiKey.headers).expect(201);
    const staffOfBoth = await createUser(t, admin, 'staff', [a.id, b.id]);
    expect(outcomeIssues(await postEpisode(episode, condition, staffOfBoth.headers), 412)).toEqual([
      'If-None-Exist: More than one episode you can see has this identifier; nothing was created.',
    ]);
  });

  it('leaves an episode the register has unchanged for a Bundle entry with ifNoneExist, and adds its responses', async () => {
    const { bundle, externalId } = fresh(EQ5D);
    await post(bundle).expect(200);
    const changed = structuredClone(bundle);
    episodeOf(changed).period!.end = '2026-03-29T12:00:00+01:00';
    responseOf(changed, 2).item![0].answer![0].valueCoding!.code = '1';
    const answer = fhirBody<Bundle>(await post(changed).expect(200), 'Bundle');
    expect(answer.entry!.map((e) => e.response!.status)).toEqual(['200 OK', '200 OK', '200 OK']);
    const json = await t
      .http()
      .get(`/api/v1/episodes/${answer.entry![0].response!.location!.split('/')[1]}`)
      .set(a.apiKey.headers);
    expect(json.body.dischargeDate).toBe('2026-03-27');
    expect(json.body.responses.find((r: ScoredResponse) => r.timepoint === 'discharge').version).toBe(2);
    // the same entry without ifNoneExist updates the episode
    delete changed.entry![0].request!.ifNoneExist;
    await post(changed).expect(200);
    expect((await t.http().get('/api/v1/episodes').query({ externalId }).set(a.apiKey.headers)).body.items[0].dischargeDate).toBe(
      '2026-03-29',
    );
  });

  it('takes the example Bundle of docs/integration.md', async () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'integration.md'), 'utf8');
    const example = /### Submitting[\s\S]*?```json\n([\s\S]*?)\n```/.exec(doc)![1];
    const externalId = `EOC-${randomUUID()}`;
    const bundle = JSON.parse(
      example.replaceAll('<fødselsnummer>', newNationalId()).replaceAll('DIPS-EOC-2026-004711', externalId),
    ) as Bundle;
    const answer = fhirBody<Bundle>(await post(bundle).expect(200), 'Bundle');
    expect(answer.entry!.map((e) => e.response!.status)).toEqual(['201 Created', '201 Created']);
    expect((await stored(externalId)).responses.map((r) => r.scores.state)).toEqual(['43423']);
  });

  describe('refuses bad resources with an OperationOutcome at the element, and stores nothing', () => {
    async function refused(change: (bundle: Bundle) => void, status = 400): Promise<string[]> {
      const { bundle, externalId } = fresh(EQ5D);
      change(bundle);
      const issues = outcomeIssues(await post(bundle), status);
      expect((await stored(externalId)).total).toBe(0);
      return issues;
    }

    it('a wrong resourceType', async () => {
      expect(await refused((bundle) => Object.assign(bundle.entry![1].resource!, { resourceType: 'Observation' }))).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Bundle\.entry\[1\]\.resource/)]),
      );
      const res = await t.http().post('/fhir').set(a.apiKey.headers).send({ resourceType: 'Patient' });
      expect(outcomeIssues(res, 400)).toEqual(['Bundle: POST /fhir takes a transaction Bundle (resourceType "Bundle").']);
    });

    it('an answer outside the options', async () => {
      const issues = await refused((bundle) => {
        responseOf(bundle, 1).item![0].answer![0].valueCoding!.code = '7';
      });
      expect(issues).toEqual([
        'Bundle.entry[1].resource.item[0].answer[0]: mobility must be a whole number from 1 to 5 (levels 1 = no problems ... 5 = extreme problems)',
      ]);
    });

    it('an answer from another code system', async () => {
      const issues = await refused((bundle) => {
        responseOf(bundle, 2).item![1].answer![0].valueCoding!.system = 'http://loinc.org';
      });
      expect(issues).toEqual([
        'Bundle.entry[2].resource.item[1].answer[0].value.system: Expected a code from https://rehabreg.no/fhir/CodeSystem/eq5d-5l-level (got "http://loinc.org").',
      ]);
    });

    it('an unknown identifier system', async () => {
      const issues = await refused((bundle) => {
        episodeOf(bundle).patient.identifier!.system = 'urn:oid:2.16.578.1.12.4.1.4.9';
      });
      expect(issues[0]).toMatch(
        /^Bundle\.entry\[0\]\.resource\.patient\.identifier\.system: Unknown identifier system; use one of urn:oid:2\.16\.578\.1\.12\.4\.1\.4\.1/,
      );
    });

    it('an invalid check digit, with the message of the JSON API', async () => {
      const issues = await refused((bundle) => {
        const bad = '17854822208';
        episodeOf(bundle).patient.identifier!.value = bad;
        responseOf(bundle, 1).subject!.identifier!.value = bad;
        responseOf(bundle, 2).subject!.identifier!.value = bad;
      });
      expect(issues).toEqual([
        'Bundle.entry[0].resource.patient.identifier.value: The control digits of the national identity number do not match; check the number for typing errors.',
      ]);
    });

    it('a missing linkId, as R4 says', async () => {
      const issues = await refused((bundle) => {
        delete (responseOf(bundle, 1).item![2] as { linkId?: string }).linkId;
      });
      expect(issues).toEqual([expect.stringMatching(/^Bundle\.entry\[1\]\.resource\.item\[2\]\.linkId: /)]);
    });

    it('a response without its episode, and a missing register field', async () => {
      const issues = await refused((bundle) => {
        responseOf(bundle, 2).extension!.shift();
        episodeOf(bundle).extension!.shift();
      });
      expect(issues).toEqual([
        expect.stringMatching(
          /^Bundle\.entry\[2\]\.resource\.extension\('http:\/\/hl7\.org\/fhir\/StructureDefinition\/workflow-episodeOfCare'\): Link the response/,
        ),
      ]);
      const missing = await refused((bundle) => episodeOf(bundle).extension!.shift());
      expect(missing).toEqual([
        "Bundle.entry[0].resource.extension('https://rehabreg.no/fhir/StructureDefinition/episode-setting'): setting must be one of inpatient, day, outpatient, ambulatory, home",
      ]);
    });

    it('a batch (not a transaction)', async () => {
      expect(await refused((bundle) => (bundle.type = 'batch'))).toEqual([
        'Bundle.type: Send a Bundle of type "transaction" (all or nothing); got "batch".',
      ]);
    });
  });
});
