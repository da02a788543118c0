/**
 * The demo's FHIR transaction (demo data only): at first start Demo Nord's system sends one
 * transaction Bundle through the facade, as a hospital system would (an episode with EQ-5D-5L and
 * Barthel at admission and discharge), so `GET /fhir/EpisodeOfCare?identifier=FHIR-DEMO-1` and the
 * other FHIR routes have something to read back (README, "Try it").
 */
import { Injectable } from '@nestjs/common';
import type { Bundle } from '@medplum/fhirtypes';
import { ClsService } from 'nestjs-cls';
import { RequestContext, type RequestContextStore } from '../auth/request-context';
import { ScopedDb } from '../database/scoped-db';
import { FhirSubmissionService } from './fhir-submission.service';
import { codeSystemUrl, extensionUrl, FHIR_BASE, WORKFLOW_EPISODE_OF_CARE } from './fhir-vocabulary';

export const DEMO_FHIR_EPISODE = 'FHIR-DEMO-1';
/** A synthetic national identity number (month + 80): accepted outside production only. */
const DEMO_PATIENT = '17855018098';
const DAY = 24 * 60 * 60 * 1000;

const coded = (extension: Parameters<typeof extensionUrl>[0], system: Parameters<typeof codeSystemUrl>[0], code: string) => ({
  url: extensionUrl(extension),
  valueCoding: { system: codeSystemUrl(system), code },
});

/** The Bundle: admitted 40 days before `today`, discharged 10 days before it. */
export function demoBundle(today: Date): Bundle {
  const day = (daysBefore: number) => new Date(today.getTime() - daysBefore * DAY).toISOString().slice(0, 10);
  const patient = { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: DEMO_PATIENT } };
  const episodeUrl = 'urn:uuid:5d0c6a3e-6f0e-4b7a-9a51-0d3f1c2b9e01';
  const response = (n: number, questionnaire: string, timepoint: string, authored: string, answers: [string, number][]) => ({
    fullUrl: `urn:uuid:5d0c6a3e-6f0e-4b7a-9a51-0d3f1c2b9e1${n}`,
    resource: {
      resourceType: 'QuestionnaireResponse' as const,
      extension: [
        { url: WORKFLOW_EPISODE_OF_CARE, valueReference: { reference: episodeUrl } },
        coded('timepoint', 'timepoint', timepoint),
        coded('mode', 'mode', questionnaire === 'barthel' ? 'clinician' : 'patient_paper'),
      ],
      questionnaire: `${FHIR_BASE}/Questionnaire/${questionnaire}`,
      status: 'completed' as const,
      subject: patient,
      authored,
      item: answers.map(([linkId, value]) => ({
        linkId,
        answer: [
          linkId === 'vas'
            ? { valueInteger: value }
            : { valueCoding: { system: codeSystemUrl(questionnaire === 'barthel' ? 'barthelScore' : 'eq5dLevel'), code: String(value) } },
        ],
      })),
    },
    request: { method: 'POST' as const, url: 'QuestionnaireResponse' },
  });
  const eq5d = (levels: number[], vas: number): [string, number][] => [
    ...['mobility', 'selfCare', 'usualActivities', 'painDiscomfort', 'anxietyDepression'].map((d, i): [string, number] => [d, levels[i]]),
    ['vas', vas],
  ];
  const barthel = (scores: number[]): [string, number][] =>
    ['feeding', 'bathing', 'grooming', 'dressing', 'bowels', 'bladder', 'toiletUse', 'transfers', 'mobility', 'stairs'].map(
      (item, i): [string, number] => [item, scores[i]],
    );
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: episodeUrl,
        resource: {
          resourceType: 'EpisodeOfCare',
          extension: [
            coded('setting', 'setting', 'inpatient'),
            coded('serviceLevel', 'serviceLevel', 'specialist'),
            coded('programme', 'programme', 'stroke'),
            { url: extensionUrl('mainDiagnosis'), valueCoding: { system: 'urn:oid:2.16.578.1.12.4.1.1.7110', code: 'I63.4' } },
            {
              url: extensionUrl('consent'),
              extension: [
                { url: 'status', valueCoding: { system: codeSystemUrl('consentStatus'), code: 'given' } },
                { url: 'date', valueDate: day(40) },
              ],
            },
            coded('rehabLevel', 'rehabLevel', '5.2'),
            coded('profession', 'profession', 'physician'),
            coded('profession', 'profession', 'physiotherapist'),
            coded('dischargeDestination', 'dischargeDestination', 'home'),
          ],
          identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.2.1234.5', value: DEMO_FHIR_EPISODE }],
          status: 'finished',
          patient,
          period: { start: day(40), end: day(10) },
        },
        request: { method: 'POST', url: 'EpisodeOfCare', ifNoneExist: `identifier=${DEMO_FHIR_EPISODE}` },
      },
      response(1, 'eq5d-5l', 'admission', day(39), eq5d([4, 3, 4, 2, 3], 35)),
      response(2, 'barthel', 'admission', day(39), barthel([5, 0, 0, 5, 10, 5, 5, 10, 0, 0])),
      response(3, 'eq5d-5l', 'discharge', day(11), eq5d([2, 1, 2, 2, 1], 70)),
      response(4, 'barthel', 'discharge', day(11), barthel([10, 5, 5, 10, 10, 10, 10, 15, 10, 5])),
    ],
  };
}

@Injectable()
export class DemoFhir {
  constructor(
    private readonly cls: ClsService<RequestContextStore>,
    private readonly context: RequestContext,
    private readonly db: ScopedDb,
    private readonly submissions: FhirSubmissionService,
  ) {}

  /** Sends the demo Bundle as the system of the institution with the API key prefix `keyPrefix`. */
  async load(keyPrefix: string, today: Date): Promise<void> {
    const [client]: { id: string; institution_id: string }[] = await this.db.registerTransaction((m) =>
      m.query(`SELECT id, institution_id FROM api_clients WHERE key_prefix = $1`, [keyPrefix]),
    );
    await this.cls.run(async () => {
      this.context.setPrincipal({
        kind: 'api_client',
        clientId: client.id,
        institutionId: client.institution_id,
        institutionIds: [client.institution_id],
      });
      await this.submissions.transaction(demoBundle(today), 'demo-fhir-transaction');
    });
  }
}
