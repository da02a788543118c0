/**
 * The register's episodes and responses as FHIR resources: the reverse of fhir-submission-mapping.ts,
 * with the same extensions and code systems. The patient is never the number: a reference that says
 * only that the patient is pseudonymized, with birth year and sex as the JSON API gives them.
 */
import type { EpisodeOfCare, Extension, QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import type { EpisodeDto } from '../episodes/dto/episode.dto';
import type { ResponseDto } from '../episodes/responses/dto/response.dto';
import { INSTRUMENT_DEFINITIONS, type InstrumentId } from '../instruments/instrument-definitions';
import {
  ANSWER_SYSTEMS,
  canonical,
  CODE_SYSTEMS,
  type CodeSystemName,
  CONFORMANCE_VERSION,
  codeSystemUrl,
  EXTENSIONS,
  type ExtensionName,
  extensionUrl,
  valueSystemOf,
  WORKFLOW_EPISODE_OF_CARE,
} from './fhir-vocabulary';

/** Each code system's concepts by its URL, for the displays. */
const CONCEPTS = new Map<string, readonly { code: string; display: string }[]>(
  (Object.keys(CODE_SYSTEMS) as CodeSystemName[]).map((name) => [codeSystemUrl(name), CODE_SYSTEMS[name].concepts]),
);

function codingExtension(name: ExtensionName, code: string | null | undefined): Extension[] {
  if (code === null || code === undefined) return [];
  const system = valueSystemOf(EXTENSIONS[name])!;
  const display = CONCEPTS.get(system)?.find((c) => c.code === code)?.display;
  return [{ url: extensionUrl(name), valueCoding: { system, code, ...(display ? { display } : {}) } }];
}

function pseudonymizedPatient(episode: Pick<EpisodeDto, 'birthYear' | 'sex'>): { display: string } {
  return { display: `Pseudonymized patient, born ${episode.birthYear}, ${episode.sex}` };
}

export function episodeOfCare(episode: EpisodeDto): EpisodeOfCare {
  const consent: Extension[] = episode.consent
    ? [
        {
          url: extensionUrl('consent'),
          extension: [
            { url: 'status', valueCoding: { system: codeSystemUrl('consentStatus'), code: episode.consent.status } },
            { url: 'date', valueDate: episode.consent.date },
          ],
        },
      ]
    : [];
  return {
    resourceType: 'EpisodeOfCare',
    id: episode.id,
    meta: { lastUpdated: new Date(episode.updatedAt).toISOString() },
    extension: [
      ...codingExtension('setting', episode.setting),
      ...codingExtension('serviceLevel', episode.serviceLevel),
      ...codingExtension('programme', episode.programme),
      ...codingExtension('mainDiagnosis', episode.mainDiagnosis),
      ...consent,
      ...codingExtension('dischargeDestination', episode.dischargeDestination),
    ],
    identifier: [{ value: episode.externalId }],
    status: episode.dischargeDate ? 'finished' : 'active',
    patient: pseudonymizedPatient(episode),
    period: { start: episode.admissionDate, ...(episode.dischargeDate ? { end: episode.dischargeDate } : {}) },
  };
}

export function questionnaireResponse(response: ResponseDto, episode: Pick<EpisodeDto, 'birthYear' | 'sex'>): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    id: response.id,
    meta: { versionId: String(response.version), lastUpdated: new Date(response.createdAt).toISOString() },
    extension: [
      { url: WORKFLOW_EPISODE_OF_CARE, valueReference: { reference: `EpisodeOfCare/${response.episodeId}` } },
      ...codingExtension('timepoint', response.timepoint),
      ...codingExtension('mode', response.mode),
    ],
    questionnaire: `${canonical('Questionnaire', response.instrument)}|${CONFORMANCE_VERSION}`,
    status: response.version > 1 ? 'amended' : 'completed',
    subject: pseudonymizedPatient(episode),
    authored: response.completedDate,
    item: items(response.instrument, response.answers),
  };
}

/** Answered items in the Questionnaire's order; Barthel answers given on the 20-point scale are shown on the 100-point scale of its codes. */
function items(instrument: InstrumentId, answers: Record<string, unknown>): QuestionnaireResponseItem[] {
  const factor = instrument === 'barthel' && answers.scale === 20 ? 5 : 1;
  const system = codeSystemUrl(ANSWER_SYSTEMS[instrument]);
  return INSTRUMENT_DEFINITIONS[instrument].items.flatMap((item): QuestionnaireResponseItem[] => {
    const value = answers[item.id];
    if (typeof value !== 'number') return [];
    const answer = item.kind === 'integer' ? { valueInteger: value } : { valueCoding: { system, code: String(value * factor) } };
    return [{ linkId: item.id, answer: [answer] }];
  });
}
