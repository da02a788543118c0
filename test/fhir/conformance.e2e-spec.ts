import type {
  Bundle,
  CapabilityStatement,
  CodeSystem,
  Coding,
  Extension,
  Questionnaire,
  QuestionnaireItem,
  StructureDefinition,
} from '@medplum/fhirtypes';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSENT_STATUSES, PROGRAMMES, SETTINGS } from '../../src/episodes/episode.enums';
import { INSTRUMENT_DEFINITIONS } from '../../src/instruments/instrument-definitions';
import { createAdmin, createInstitutionWorld, InstitutionWorld } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { fhirBody, outcomeIssues } from './fhir-support';

const BASE = 'https://rehabreg.no/fhir';

describe('FHIR conformance resources', () => {
  let t: TestApp;
  let world: InstitutionWorld;

  beforeAll(async () => {
    t = await createTestApp();
    world = await createInstitutionWorld(t, await createAdmin(t));
  });
  afterAll(() => t.close());

  it('describes exactly the interactions it serves in the CapabilityStatement', async () => {
    const statement = fhirBody<CapabilityStatement>(await t.http().get('/fhir/metadata').expect(200), 'CapabilityStatement');
    expect(statement.fhirVersion).toBe('4.0.1');
    expect(statement.implementation?.url).toBe(BASE);
    expect(statement.format).toEqual(['application/fhir+json']);
    for (const resource of statement.rest![0].resource!) {
      for (const interaction of resource.interaction!) {
        if (interaction.code !== 'search-type') continue;
        const query = Object.fromEntries((resource.searchParam ?? []).map((p) => [p.name, 'no-such-value']));
        const bundle = fhirBody<Bundle>(await t.http().get(`/fhir/${resource.type}`).query(query).set(world.apiKey.headers).expect(200));
        expect(bundle.type).toBe('searchset');
      }
    }
  });

  it('serves a versioned CodeSystem per register vocabulary, with the codes the JSON API takes', async () => {
    const bundle = fhirBody<Bundle<CodeSystem>>(await t.http().get('/fhir/CodeSystem').expect(200), 'Bundle');
    const systems = bundle.entry!.map((e) => e.resource!);
    expect(systems.every((s) => s.version && s.url === `${BASE}/CodeSystem/${s.id}`)).toBe(true);
    const codes = (id: string) => systems.find((s) => s.id === id)!.concept!.map((c) => c.code);
    expect(codes('setting')).toEqual([...SETTINGS]);
    expect(codes('programme')).toEqual([...PROGRAMMES]);
    expect(codes('consent-status')).toEqual([...CONSENT_STATUSES]);
    const one = fhirBody<CodeSystem>(await t.http().get('/fhir/CodeSystem/timepoint').expect(200), 'CodeSystem');
    expect(one.concept!.map((c) => c.code)).toEqual(['admission', 'discharge', 'follow_up']);
    const byUrl = fhirBody<Bundle>(
      await t
        .http()
        .get(`/fhir/CodeSystem?url=${encodeURIComponent(`${BASE}/CodeSystem/programme`)}`)
        .expect(200),
    );
    expect(byUrl.total).toBe(1);
  });

  it('serves a StructureDefinition per extension, for the episode and the response', async () => {
    const bundle = fhirBody<Bundle<StructureDefinition>>(await t.http().get('/fhir/StructureDefinition').expect(200), 'Bundle');
    const byId = new Map(bundle.entry!.map((e) => [e.resource!.id, e.resource!]));
    expect([...byId.keys()].sort()).toEqual(
      [
        'episode-consent',
        'episode-coordinator',
        'episode-discharge-destination',
        'episode-individual-plan',
        'episode-main-diagnosis',
        'episode-municipality-notified-date',
        'episode-profession',
        'episode-programme',
        'episode-referral-date',
        'episode-rehabilitation-level',
        'episode-service-level',
        'episode-setting',
        'episode-unit',
        'response-in-window',
        'response-mode',
        'response-scores',
        'response-timepoint',
      ].sort(),
    );
    for (const sd of byId.values()) {
      fhirBody(await t.http().get(`/fhir/StructureDefinition/${sd.id}`).expect(200), 'StructureDefinition');
      expect(sd.version).toBeTruthy();
      expect(sd.type).toBe('Extension');
    }
    expect(byId.get('response-timepoint')!.context).toEqual([{ type: 'element', expression: 'QuestionnaireResponse' }]);
    const scoreParts = byId
      .get('response-scores')!
      .differential!.element.filter((e) => e.sliceName)
      .map((e) => e.sliceName);
    expect(scoreParts).toEqual(['state', 'levelSum', 'index', 'valueSet', 'vas', 'total100', 'total20', 'band', 'score', 'scoringVersion']);
  });

  it('serves the Questionnaires of EQ-5D-5L, Barthel and mRS with coded answer options, to signed-in callers only', async () => {
    await t.http().get('/fhir/Questionnaire/eq5d-5l').expect(401);
    const eq5d = fhirBody<Questionnaire>(
      await t.http().get('/fhir/Questionnaire/eq5d-5l').set(world.apiKey.headers).expect(200),
      'Questionnaire',
    );
    expect(eq5d.url).toBe(`${BASE}/Questionnaire/eq5d-5l`);
    expect(eq5d.item!.map((i) => i.linkId)).toEqual([
      'mobility',
      'selfCare',
      'usualActivities',
      'painDiscomfort',
      'anxietyDepression',
      'vas',
    ]);
    expect(eq5d.item![0].answerOption!.map((o) => o.valueCoding!.code)).toEqual(['1', '2', '3', '4', '5']);
    // no wording file: the form's marked placeholders, never licensed text
    expect(eq5d.item!.filter((i) => i.text).every((i) => i.text!.startsWith('[Plassholder]'))).toBe(true);
    const barthel = fhirBody<Questionnaire>(await t.http().get('/fhir/Questionnaire/barthel').set(world.apiKey.headers).expect(200));
    expect(barthel.item!.find((i) => i.linkId === 'transfers')!.answerOption!.map((o) => o.valueCoding!.code)).toEqual([
      '0',
      '5',
      '10',
      '15',
    ]);
    const barthel20 = fhirBody<Questionnaire>(await t.http().get('/fhir/Questionnaire/barthel-20').set(world.apiKey.headers).expect(200));
    expect(barthel20.item!.find((i) => i.linkId === 'transfers')!.answerOption!.map((o) => o.valueCoding)).toEqual(
      ['0', '1', '2', '3'].map((code) => ({
        system: `${BASE}/CodeSystem/barthel-20-item-score`,
        code,
        display: code,
        _display: expect.anything(),
      })),
    );
    const mrs = fhirBody<Questionnaire>(await t.http().get('/fhir/Questionnaire/mrs').set(world.apiKey.headers).expect(200));
    expect(mrs.item![0].answerOption).toHaveLength(7);
    expect(outcomeIssues(await t.http().get('/fhir/Questionnaire/sf-36').set(world.apiKey.headers), 404)).toEqual([
      ': Questionnaire/sf-36 was not found, or you do not have access to it.',
    ]);
  });

  it('gives each text in bokmål with nynorsk and English as R4 translation extensions', async () => {
    const barthel = fhirBody<Questionnaire>(await t.http().get('/fhir/Questionnaire/barthel').set(world.apiKey.headers).expect(200));
    expect(barthel.language).toBe('nb');
    const transfers = barthel.item!.find((i) => i.linkId === 'transfers') as QuestionnaireItem & { _text: { extension?: Extension[] } };
    const translations = (element: { extension?: Extension[] }) =>
      Object.fromEntries(
        element
          .extension!.filter((e) => e.url === 'http://hl7.org/fhir/StructureDefinition/translation')
          .map((e) => [e.extension!.find((p) => p.url === 'lang')!.valueCode, e.extension!.find((p) => p.url === 'content')!.valueString]),
      );
    expect([transfers.text, translations(transfers._text)]).toEqual([
      'Forflytning seng–stol',
      { nn: 'Forflytting seng–stol', en: 'Transfers (bed to chair and back)' },
    ]);
    const mrs = fhirBody<Questionnaire>(await t.http().get('/fhir/Questionnaire/mrs').set(world.apiKey.headers).expect(200));
    const grade0 = mrs.item![0].answerOption![0].valueCoding as Coding & { _display: { extension?: Extension[] } };
    expect(Object.keys(translations(grade0._display))).toEqual(['nn', 'en']);
    const mrsItem = INSTRUMENT_DEFINITIONS.mrs.items[0];
    expect(translations(grade0._display).en).toBe(mrsItem.kind === 'choice' ? mrsItem.options![0].label.en : undefined);
  });

  it('answers an unknown FHIR path with an OperationOutcome', async () => {
    expect(outcomeIssues(await t.http().get('/fhir/Patient/1').set(world.apiKey.headers), 404)[0]).toMatch(/fhir\/metadata/);
  });
});

describe('FHIR Questionnaire with a licensed wording file', () => {
  let t: TestApp;
  let world: InstitutionWorld;
  const licensed = (n: number) => `Licensed level ${n}`;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wording-'));
    const file = join(dir, 'wording.json');
    const dimension = (title: string) => ({ title, options: [1, 2, 3, 4, 5].map(licensed) });
    writeFileSync(
      file,
      JSON.stringify({
        nb: {
          dimensions: Object.fromEntries(
            ['mobility', 'selfCare', 'usualActivities', 'painDiscomfort', 'anxietyDepression'].map((d) => [d, dimension(`Licensed ${d}`)]),
          ),
          vas: { title: 'Licensed VAS', instructions: 'Licensed instructions', best: 'best', worst: 'worst' },
          copyright: 'Licensed copyright line',
        },
      }),
    );
    t = await createTestApp({ EQ5D_WORDING_FILE: file });
    world = await createInstitutionWorld(t, await createAdmin(t));
  });
  afterAll(() => t.close());

  it('carries the licensed text and copyright', async () => {
    const eq5d = fhirBody<Questionnaire>(await t.http().get('/fhir/Questionnaire/eq5d-5l').set(world.apiKey.headers).expect(200));
    expect(eq5d.copyright).toBe('Licensed copyright line');
    expect(eq5d.item![0].text).toBe('Licensed mobility');
    expect(eq5d.item![0].answerOption!.map((o) => o.valueCoding!.display)).toEqual([1, 2, 3, 4, 5].map(licensed));
    expect(eq5d.item![5].text).toBe('Licensed VAS');
  });
});
