/**
 * Everything the FHIR facade defines, as one list each: the canonical base, the code systems (one per
 * register vocabulary, their codes taken from the same constants the JSON API validates with), the
 * extensions, and the Norwegian identifier systems. The conformance resources, the mapping of
 * incoming resources and the mapping of answers all derive from these, so they cannot drift apart.
 */
import {
  CONSENT_STATUSES,
  COORDINATORS,
  DISCHARGE_DESTINATIONS,
  INDIVIDUAL_PLANS,
  PROFESSIONS,
  PROGRAMMES,
  REHAB_LEVELS,
  SERVICE_LEVELS,
  serviceLevelOf,
  SETTINGS,
} from '../episodes/episode.enums';
import { MODES, TIMEPOINTS } from '../episodes/responses/dto/response.dto';
import { INSTRUMENT_DEFINITIONS, INSTRUMENT_IDS, type InstrumentId } from '../instruments/instrument-definitions';
import { MRS_GRADES } from '../instruments/mrs.scoring';

export const FHIR_BASE = 'https://rehabreg.no/fhir';
export const FHIR_CONTENT_TYPE = 'application/fhir+json';
export const FHIR_VERSION = '4.0.1';
/** The version of every conformance resource the facade defines; raised when one of them changes. */
export const CONFORMANCE_VERSION = '1.0.0';
/** The date the conformance resources were last changed (their `date`). */
export const CONFORMANCE_DATE = '2026-11-30';

export const canonical = (type: 'CodeSystem' | 'StructureDefinition' | 'Questionnaire', id: string) => `${FHIR_BASE}/${type}/${id}`;

/** The national identifier systems (Helsedirektoratet's OIDs) and what each kind of number is called. */
export const NATIONAL_ID_SYSTEMS = {
  'urn:oid:2.16.578.1.12.4.1.4.1': 'fødselsnummer',
  'urn:oid:2.16.578.1.12.4.1.4.2': 'D-number',
  'urn:oid:2.16.578.1.12.4.1.4.3': 'H-number',
} as const;
export type NationalIdSystem = keyof typeof NATIONAL_ID_SYSTEMS;
export function isNationalIdSystem(system: unknown): system is NationalIdSystem {
  return typeof system === 'string' && Object.hasOwn(NATIONAL_ID_SYSTEMS, system);
}

/** ICD-10 as Norway publishes it (Direktoratet for e-helse's code system 7110). */
export const ICD10_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.7110';
/** The standard extension linking a resource to its episode of care (R4 core). */
export const WORKFLOW_EPISODE_OF_CARE = 'http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare';

export interface CodeSystemSpec {
  id: string;
  title: string;
  description: string;
  concepts: readonly { code: string; display: string }[];
}

/** Register codes are the JSON API's enum values; the display is the words of DOMAIN.md. */
const fromEnum = (values: readonly string[]) => values.map((code) => ({ code, display: code.replace(/_/g, ' ') }));

export const CODE_SYSTEMS = {
  setting: {
    id: 'setting',
    title: 'Setting of rehabilitation',
    description: 'Where the rehabilitation took place.',
    concepts: fromEnum(SETTINGS),
  },
  serviceLevel: {
    id: 'service-level',
    title: 'Service level',
    description: 'Specialist health service or municipal health service.',
    concepts: fromEnum(SERVICE_LEVELS),
  },
  programme: {
    id: 'programme',
    title: 'Rehabilitation programme',
    description: 'The programme the episode belongs to.',
    concepts: fromEnum(PROGRAMMES),
  },
  dischargeDestination: {
    id: 'discharge-destination',
    title: 'Discharge destination',
    description: 'Where the patient went at discharge.',
    concepts: fromEnum(DISCHARGE_DESTINATIONS),
  },
  consentStatus: {
    id: 'consent-status',
    title: 'Consent status',
    description: 'What the patient said about registration (the register refuses episodes its consent model does not allow).',
    concepts: fromEnum(CONSENT_STATUSES),
  },
  rehabLevel: {
    id: 'rehabilitation-level',
    title: 'Rehabilitation level',
    description: 'The level of the rehabilitation pyramid: 1-4 municipal, 5.1-5.3 specialist health service.',
    concepts: REHAB_LEVELS.map((code) => ({ code, display: `Level ${code} (${serviceLevelOf(code)})` })),
  },
  profession: {
    id: 'profession',
    title: 'Profession',
    description: 'A profession taking part in the stay.',
    concepts: fromEnum(PROFESSIONS),
  },
  individualPlan: {
    id: 'individual-plan',
    title: 'Individual plan',
    description: 'Individual plan under the habilitation and rehabilitation regulation.',
    concepts: fromEnum(INDIVIDUAL_PLANS),
  },
  coordinator: {
    id: 'coordinator',
    title: 'Coordinator',
    description: 'Coordinator under the habilitation and rehabilitation regulation.',
    concepts: fromEnum(COORDINATORS),
  },
  timepoint: {
    id: 'timepoint',
    title: 'Timepoint',
    description: 'When in the episode a questionnaire was answered.',
    concepts: fromEnum(TIMEPOINTS),
  },
  mode: { id: 'response-mode', title: 'Mode of response', description: 'Who answered, and how.', concepts: fromEnum(MODES) },
  eq5dLevel: {
    id: 'eq5d-5l-level',
    title: 'EQ-5D-5L level',
    description:
      'The level chosen on an EQ-5D-5L dimension, 1 (the first option) to 5 (the last). The licensed wording of each level is not part of this code system.',
    concepts: [1, 2, 3, 4, 5].map((n) => ({ code: String(n), display: `Level ${n}` })),
  },
  barthelScore: {
    id: 'barthel-item-score',
    title: 'Barthel item score',
    description: 'The points given on a Barthel index item, on the 100-point scale (Mahoney & Barthel).',
    concepts: [0, 5, 10, 15].map((n) => ({ code: String(n), display: `${n} points` })),
  },
  barthel20Score: {
    id: 'barthel-20-item-score',
    title: 'Barthel item score, 20-point scale',
    description: 'The points given on a Barthel index item on the 20-point scale (Collin & Wade): the 100-point scores divided by 5.',
    concepts: [0, 1, 2, 3].map((n) => ({ code: String(n), display: `${n} points` })),
  },
  mrsGrade: {
    id: 'mrs-grade',
    title: 'Modified Rankin Scale grade',
    description: 'The grade of the modified Rankin Scale, 0 (no symptoms) to 6 (dead).',
    concepts: MRS_GRADES.map((grade) => ({
      code: String(grade),
      display:
        INSTRUMENT_DEFINITIONS.mrs.items[0].kind === 'choice'
          ? INSTRUMENT_DEFINITIONS.mrs.items[0].options![grade].label.en
          : String(grade),
    })),
  },
} as const satisfies Record<string, CodeSystemSpec>;

export type CodeSystemName = keyof typeof CODE_SYSTEMS;
export const codeSystemUrl = (name: CodeSystemName) => canonical('CodeSystem', CODE_SYSTEMS[name].id);

/** The sub-extensions of response-scores: the JSON API's score fields, each with its FHIR type. */
export const SCORE_PARTS = [
  { name: 'state', type: 'string', definition: 'EQ-5D five-digit health state' },
  { name: 'levelSum', type: 'integer', definition: 'EQ-5D level sum score, 5-25' },
  { name: 'index', type: 'decimal', definition: 'EQ-5D index, rounded to 3 decimals' },
  { name: 'valueSet', type: 'string', definition: 'The value set the EQ-5D index was computed with' },
  { name: 'vas', type: 'integer', definition: 'EQ VAS as given' },
  { name: 'total100', type: 'integer', definition: 'Barthel total on the 100-point scale' },
  { name: 'total20', type: 'integer', definition: 'Barthel total on the 20-point scale' },
  { name: 'band', type: 'code', definition: 'Barthel dependence band: total, severe, moderate, slight, independent' },
  { name: 'score', type: 'integer', definition: 'mRS grade, 0 (no symptoms) to 6 (dead)' },
  { name: 'scoringVersion', type: 'string', definition: 'The version of the scoring' },
] as const;

export interface ExtensionSpec {
  id: string;
  title: string;
  description: string;
  /** The resource the extension goes on. */
  context: 'EpisodeOfCare' | 'QuestionnaireResponse';
  /** The JSON API field it carries. */
  field: string;
  required: boolean;
  /** May appear more than once (one value each). */
  repeats?: boolean;
  /** Computed by the register: on the resources it answers, never read from what is sent. */
  readOnly?: boolean;
  value:
    | { type: 'Coding'; codeSystem: CodeSystemName | 'icd10' }
    | { type: 'date' | 'id' | 'boolean' }
    | { type: 'consent' }
    | { type: 'scores' };
}

export const EXTENSIONS = {
  setting: {
    id: 'episode-setting',
    title: 'Setting',
    description: 'Where the rehabilitation took place.',
    context: 'EpisodeOfCare',
    field: 'setting',
    required: true,
    value: { type: 'Coding', codeSystem: 'setting' },
  },
  serviceLevel: {
    id: 'episode-service-level',
    title: 'Service level',
    description: 'Specialist or municipal health service.',
    context: 'EpisodeOfCare',
    field: 'serviceLevel',
    required: true,
    value: { type: 'Coding', codeSystem: 'serviceLevel' },
  },
  programme: {
    id: 'episode-programme',
    title: 'Programme',
    description: 'The rehabilitation programme of the episode.',
    context: 'EpisodeOfCare',
    field: 'programme',
    required: true,
    value: { type: 'Coding', codeSystem: 'programme' },
  },
  mainDiagnosis: {
    id: 'episode-main-diagnosis',
    title: 'Main diagnosis',
    description: `The main diagnosis of the episode, an ICD-10 code (system ${ICD10_SYSTEM}).`,
    context: 'EpisodeOfCare',
    field: 'mainDiagnosis',
    required: true,
    value: { type: 'Coding', codeSystem: 'icd10' },
  },
  consent: {
    id: 'episode-consent',
    title: 'Consent',
    description: 'What the patient said about registration, and when: sub-extensions "status" (Coding) and "date" (date).',
    context: 'EpisodeOfCare',
    field: 'consent',
    required: false,
    value: { type: 'consent' },
  },
  dischargeDestination: {
    id: 'episode-discharge-destination',
    title: 'Discharge destination',
    description: 'Where the patient went at discharge.',
    context: 'EpisodeOfCare',
    field: 'dischargeDestination',
    required: false,
    value: { type: 'Coding', codeSystem: 'dischargeDestination' },
  },
  rehabLevel: {
    id: 'episode-rehabilitation-level',
    title: 'Rehabilitation level',
    description: 'The level of the rehabilitation pyramid (1-4 municipal, 5.1-5.3 specialist).',
    context: 'EpisodeOfCare',
    field: 'rehabLevel',
    required: false,
    value: { type: 'Coding', codeSystem: 'rehabLevel' },
  },
  profession: {
    id: 'episode-profession',
    title: 'Profession',
    description: 'A profession taking part in the stay: the extension once per profession.',
    context: 'EpisodeOfCare',
    field: 'professions',
    required: false,
    repeats: true,
    value: { type: 'Coding', codeSystem: 'profession' },
  },
  individualPlan: {
    id: 'episode-individual-plan',
    title: 'Individual plan',
    description: 'Individual plan under the habilitation and rehabilitation regulation.',
    context: 'EpisodeOfCare',
    field: 'individualPlan',
    required: false,
    value: { type: 'Coding', codeSystem: 'individualPlan' },
  },
  coordinator: {
    id: 'episode-coordinator',
    title: 'Coordinator',
    description: 'Coordinator under the habilitation and rehabilitation regulation.',
    context: 'EpisodeOfCare',
    field: 'coordinator',
    required: false,
    value: { type: 'Coding', codeSystem: 'coordinator' },
  },
  referralDate: {
    id: 'episode-referral-date',
    title: 'Referral date',
    description: 'The day the referral was received, on or before admission.',
    context: 'EpisodeOfCare',
    field: 'referralDate',
    required: false,
    value: { type: 'date' },
  },
  municipalityNotifiedDate: {
    id: 'episode-municipality-notified-date',
    title: 'Municipality notified',
    description: 'The day the municipality was contacted about the patient.',
    context: 'EpisodeOfCare',
    field: 'municipalityNotifiedDate',
    required: false,
    value: { type: 'date' },
  },
  unit: {
    id: 'episode-unit',
    title: 'Unit',
    description: "The unit of the institution (the register's unit id, GET /api/v1/institutions/{id}/units).",
    context: 'EpisodeOfCare',
    field: 'unitId',
    required: false,
    value: { type: 'id' },
  },
  timepoint: {
    id: 'response-timepoint',
    title: 'Timepoint',
    description: 'When in the episode the questionnaire was answered.',
    context: 'QuestionnaireResponse',
    field: 'timepoint',
    required: true,
    value: { type: 'Coding', codeSystem: 'timepoint' },
  },
  mode: {
    id: 'response-mode',
    title: 'Mode',
    description: 'Who answered the questionnaire, and how.',
    context: 'QuestionnaireResponse',
    field: 'mode',
    required: true,
    value: { type: 'Coding', codeSystem: 'mode' },
  },
  scores: {
    id: 'response-scores',
    title: 'Scores',
    description:
      'The scores the register computed from the answers, as GET /api/v1/responses/{id} gives them: sub-extensions ' +
      `${SCORE_PARTS.map((p) => `"${p.name}" (${p.type})`).join(', ')}, each present when the instrument has it.`,
    context: 'QuestionnaireResponse',
    field: 'scores',
    required: false,
    readOnly: true,
    value: { type: 'scores' },
  },
  inWindow: {
    id: 'response-in-window',
    title: 'In the timepoint window',
    description: 'false when the questionnaire was completed outside its timepoint window: kept, but left out of the indicators.',
    context: 'QuestionnaireResponse',
    field: 'inWindow',
    required: false,
    readOnly: true,
    value: { type: 'boolean' },
  },
} as const satisfies Record<string, ExtensionSpec>;

export type ExtensionName = keyof typeof EXTENSIONS;

export const extensionUrl = (name: ExtensionName) => canonical('StructureDefinition', EXTENSIONS[name].id);
export const valueSystemOf = (spec: ExtensionSpec): string | undefined =>
  spec.value.type !== 'Coding' ? undefined : spec.value.codeSystem === 'icd10' ? ICD10_SYSTEM : codeSystemUrl(spec.value.codeSystem);

/** The Questionnaires: one per instrument, and Barthel on its 20-point scale (the register's Barthel with `scale: 20`). */
export const QUESTIONNAIRE_IDS = [...INSTRUMENT_IDS, 'barthel-20'] as const;
export type QuestionnaireId = (typeof QUESTIONNAIRE_IDS)[number];
export const instrumentOfQuestionnaire = (id: QuestionnaireId): InstrumentId => (id === 'barthel-20' ? 'barthel' : id);

/** The code system of each Questionnaire's choice answers; items without one (EQ VAS) are integers. */
export const ANSWER_SYSTEMS: Record<QuestionnaireId, CodeSystemName> = {
  'eq5d-5l': 'eq5dLevel',
  barthel: 'barthelScore',
  mrs: 'mrsGrade',
  'barthel-20': 'barthel20Score',
};
