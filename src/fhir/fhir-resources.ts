/**
 * The register's episodes and responses as FHIR resources: the reverse of fhir-submission-mapping.ts,
 * with the same extensions and code systems. The patient is never the number: a reference that says
 * only that the patient is pseudonymized, with birth year and sex as the JSON API gives them.
 */
import type { EpisodeOfCare, Extension, QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import type { EpisodeDto } from '../episodes/dto/episode.dto';
import type { ResponseDto } from '../episodes/responses/dto/response.dto';
import { INSTRUMENT_DEFINITIONS } from '../instruments/instrument-definitions';
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
  instrumentOfQuestionnaire,
  type QuestionnaireId,
  SCORE_PARTS,
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

function primitiveExtension(name: ExtensionName, key: 'valueDate' | 'valueId', value: string | null | undefined): Extension[] {
  return value === null || value === undefined ? [] : [{ url: extensionUrl(name), [key]: value }];
}

/** The register's scores as sub-extensions named as the JSON API names them; those the instrument has not are left out. */
function scoresExtension(scores: ResponseDto['scores']): Extension[] {
  const parts = SCORE_PARTS.flatMap((part): Extension[] => {
    const value = scores[part.name];
    if (value === null || value === undefined) return [];
    const key = `value${part.type.charAt(0).toUpperCase()}${part.type.slice(1)}`;
    return [{ url: part.name, [key]: value }];
  });
  return parts.length ? [{ url: extensionUrl('scores'), extension: parts }] : [];
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
      ...codingExtension('rehabLevel', episode.rehabLevel),
      ...(episode.professions ?? []).flatMap((profession) => codingExtension('profession', profession)),
      ...codingExtension('individualPlan', episode.individualPlan),
      ...codingExtension('coordinator', episode.coordinator),
      ...primitiveExtension('referralDate', 'valueDate', episode.referralDate),
      ...primitiveExtension('municipalityNotifiedDate', 'valueDate', episode.municipalityNotifiedDate),
      ...primitiveExtension('unit', 'valueId', episode.unitId),
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
      ...scoresExtension(response.scores),
      { url: extensionUrl('inWindow'), valueBoolean: response.inWindow },
    ],
    questionnaire: `${canonical('Questionnaire', questionnaireOfResponse(response))}|${CONFORMANCE_VERSION}`,
    status: response.version > 1 ? 'amended' : 'completed',
    subject: pseudonymizedPatient(episode),
    authored: response.completedDate,
    item: items(questionnaireOfResponse(response), response.answers),
  };
}

/** Barthel answered on the 20-point scale is a response to the 20-point Questionnaire, with its codes. */
function questionnaireOfResponse(response: Pick<ResponseDto, 'instrument' | 'answers'>): QuestionnaireId {
  return response.instrument === 'barthel' && response.answers.scale === 20 ? 'barthel-20' : response.instrument;
}

/** Answered items in the Questionnaire's order. */
function items(questionnaire: QuestionnaireId, answers: Record<string, unknown>): QuestionnaireResponseItem[] {
  const system = codeSystemUrl(ANSWER_SYSTEMS[questionnaire]);
  return INSTRUMENT_DEFINITIONS[instrumentOfQuestionnaire(questionnaire)].items.flatMap((item): QuestionnaireResponseItem[] => {
    const value = answers[item.id];
    if (typeof value !== 'number') return [];
    const answer = item.kind === 'integer' ? { valueInteger: value } : { valueCoding: { system, code: String(value) } };
    return [{ linkId: item.id, answer: [answer] }];
  });
}
