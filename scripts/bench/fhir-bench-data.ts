/** The bench's data (scripts/bench/fhir.ts): random episodes, as a JSON submission body and as a FHIR transaction Bundle. */
import { randomUUID } from 'node:crypto';
import { BARTHEL_ITEMS, type BarthelItem } from '../../src/instruments/barthel.scoring';
import { syntheticNationalId } from '../../src/pseudonyms/synthetic-national-ids';

export const EPISODES_PER_BATCH = 100;
const BASE = 'https://rehabreg.no/fhir';
const FNR = 'urn:oid:2.16.578.1.12.4.1.4.1';

export interface Episode {
  nationalId: string;
  admissionDate: string;
  dischargeDate: string;
  eq5d: { admission: Record<string, number>; discharge: Record<string, number> };
  barthel: { admission: Record<string, number>; discharge: Record<string, number> };
}

const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)];

export function episode(): Episode {
  const eq5d = () => ({
    mobility: pick([1, 2, 3, 4, 5]),
    selfCare: pick([1, 2, 3, 4, 5]),
    usualActivities: pick([1, 2, 3, 4, 5]),
    painDiscomfort: pick([1, 2, 3, 4, 5]),
    anxietyDepression: pick([1, 2, 3, 4, 5]),
    vas: Math.floor(Math.random() * 101),
  });
  const barthel = () => Object.fromEntries((Object.keys(BARTHEL_ITEMS) as BarthelItem[]).map((item) => [item, pick(BARTHEL_ITEMS[item])]));
  const birth = new Date(
    Date.UTC(1930 + Math.floor(Math.random() * 70), Math.floor(Math.random() * 12), 1 + Math.floor(Math.random() * 28)),
  );
  return {
    nationalId: syntheticNationalId({ birthDate: birth, sex: pick(['male', 'female'] as const) }, Math.random),
    admissionDate: '2026-03-02',
    dischargeDate: '2026-03-27',
    eq5d: { admission: eq5d(), discharge: eq5d() },
    barthel: { admission: barthel(), discharge: barthel() },
  };
}

export function jsonBatch(episodes: Episode[], prefix: string): unknown {
  return {
    episodes: episodes.map((e, i) => ({
      externalId: `${prefix}-${i}`,
      patient: { nationalId: e.nationalId },
      admissionDate: e.admissionDate,
      dischargeDate: e.dischargeDate,
      setting: 'inpatient',
      serviceLevel: 'specialist',
      programme: 'musculoskeletal',
      mainDiagnosis: 'M16.1',
      consent: { status: 'given', date: e.admissionDate },
      responses: (['admission', 'discharge'] as const).flatMap((timepoint) => {
        const completedDate = timepoint === 'admission' ? e.admissionDate : e.dischargeDate;
        return [
          { timepoint, instrument: 'eq5d-5l', completedDate, mode: 'patient_paper', answers: e.eq5d[timepoint] },
          { timepoint, instrument: 'barthel', completedDate, mode: 'clinician', answers: e.barthel[timepoint] },
        ];
      }),
    })),
  };
}

const coding = (extension: string, system: string, code: string) => ({
  url: `${BASE}/StructureDefinition/${extension}`,
  valueCoding: { system: `${BASE}/CodeSystem/${system}`, code },
});

export function fhirBundle(episodes: Episode[], prefix: string): unknown {
  const entry = episodes.flatMap((e, i) => {
    const fullUrl = `urn:uuid:${randomUUID()}`;
    const patient = { identifier: { system: FNR, value: e.nationalId } };
    const responses = (['admission', 'discharge'] as const).flatMap((timepoint) => {
      const authored = timepoint === 'admission' ? e.admissionDate : e.dischargeDate;
      const response = (instrument: 'eq5d-5l' | 'barthel', mode: string, answers: Record<string, number>) => ({
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: {
          resourceType: 'QuestionnaireResponse',
          extension: [
            { url: 'http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare', valueReference: { reference: fullUrl } },
            coding('response-timepoint', 'timepoint', timepoint),
            coding('response-mode', 'response-mode', mode),
          ],
          questionnaire: `${BASE}/Questionnaire/${instrument}`,
          status: 'completed',
          subject: patient,
          authored,
          item: Object.entries(answers).map(([linkId, value]) => ({
            linkId,
            answer: [
              linkId === 'vas'
                ? { valueInteger: value }
                : {
                    valueCoding: {
                      system: `${BASE}/CodeSystem/${instrument === 'barthel' ? 'barthel-item-score' : 'eq5d-5l-level'}`,
                      code: String(value),
                    },
                  },
            ],
          })),
        },
        request: { method: 'POST', url: 'QuestionnaireResponse' },
      });
      return [response('eq5d-5l', 'patient_paper', e.eq5d[timepoint]), response('barthel', 'clinician', e.barthel[timepoint])];
    });
    return [
      {
        fullUrl,
        resource: {
          resourceType: 'EpisodeOfCare',
          extension: [
            coding('episode-setting', 'setting', 'inpatient'),
            coding('episode-service-level', 'service-level', 'specialist'),
            coding('episode-programme', 'programme', 'musculoskeletal'),
            {
              url: `${BASE}/StructureDefinition/episode-main-diagnosis`,
              valueCoding: { system: 'urn:oid:2.16.578.1.12.4.1.1.7110', code: 'M16.1' },
            },
            {
              url: `${BASE}/StructureDefinition/episode-consent`,
              extension: [
                { url: 'status', valueCoding: { system: `${BASE}/CodeSystem/consent-status`, code: 'given' } },
                { url: 'date', valueDate: e.admissionDate },
              ],
            },
          ],
          identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.2.9999', value: `${prefix}-${i}` }],
          status: 'finished',
          patient,
          period: { start: e.admissionDate, end: e.dischargeDate },
        },
        request: { method: 'POST', url: 'EpisodeOfCare' },
      },
      ...responses,
    ];
  });
  return { resourceType: 'Bundle', type: 'transaction', entry };
}
