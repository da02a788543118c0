/** Episode vocabularies from DOMAIN.md, stored as text with CHECK constraints. */
export const SETTINGS = ['inpatient', 'day', 'outpatient', 'ambulatory', 'home'] as const;
export const SERVICE_LEVELS = ['specialist', 'municipal'] as const;
export const PROGRAMMES = [
  'stroke',
  'acquired_brain_injury',
  'spinal_cord_injury',
  'multitrauma',
  'amputation',
  'musculoskeletal',
  'chronic_pain',
  'cardiac',
  'pulmonary',
  'cancer',
  'neurological_other',
  'other',
] as const;
export const DISCHARGE_DESTINATIONS = [
  'home',
  'home_with_services',
  'nursing_home',
  'other_institution',
  'hospital',
  'deceased',
  'other',
] as const;
/** The rehabilitation pyramid (DOMAIN.md): 1-4 municipal, 5.1-5.3 specialist. */
export const MUNICIPAL_REHAB_LEVELS = ['1', '2', '3', '4'] as const;
export const SPECIALIST_REHAB_LEVELS = ['5.1', '5.2', '5.3'] as const;
export const REHAB_LEVELS = [...MUNICIPAL_REHAB_LEVELS, ...SPECIALIST_REHAB_LEVELS] as const;
/** Professions taking part in the stay, in the order they are stored and shown. */
export const PROFESSIONS = [
  'physician',
  'nurse',
  'physiotherapist',
  'occupational_therapist',
  'speech_therapist',
  'social_worker',
  'clinical_nutritionist',
  'psychologist',
  'vision_teacher',
  'other',
] as const;
/** The habilitation and rehabilitation regulation's individual plan and coordinator. */
export const INDIVIDUAL_PLANS = ['established', 'offered_declined', 'not_needed', 'not_assessed'] as const;
export const COORDINATORS = ['assigned', 'not_assigned', 'not_needed'] as const;
export const CONSENT_STATUSES = ['given', 'refused', 'objected', 'not_asked'] as const;
export const SEXES = ['male', 'female'] as const;
/** The orders the episode list offers, each served by an index (migration 1764000000270): `-` is newest first. */
export const EPISODE_SORTS = ['-admissionDate', 'admissionDate', 'externalId'] as const;
/**
 * What an episode can lack that the indicators need: a current form at admission, at discharge (once
 * discharged), or a response outside its time window (which no indicator counts).
 */
export const MISSING_FORMS = ['admission-eq5d', 'admission-barthel', 'discharge-eq5d', 'discharge-barthel', 'out-of-window'] as const;
/** The list's "missing" filter: `barthel` is either Barthel form. */
export const MISSING_FILTERS = ['admission-eq5d', 'discharge-eq5d', 'barthel', 'out-of-window'] as const;

export type Setting = (typeof SETTINGS)[number];
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];
export type Programme = (typeof PROGRAMMES)[number];
export type DischargeDestination = (typeof DISCHARGE_DESTINATIONS)[number];
export type RehabLevel = (typeof REHAB_LEVELS)[number];
export type Profession = (typeof PROFESSIONS)[number];
export type IndividualPlan = (typeof INDIVIDUAL_PLANS)[number];
export type Coordinator = (typeof COORDINATORS)[number];
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
export type Sex = (typeof SEXES)[number];
export type EpisodeSort = (typeof EPISODE_SORTS)[number];
export type MissingForm = (typeof MISSING_FORMS)[number];
export type MissingFilter = (typeof MISSING_FILTERS)[number];

export function oneOfMessage(field: string, values: readonly string[]): string {
  return `${field} must be one of ${values.join(', ')}`;
}

/** The service level a rehabilitation level belongs to. */
export function serviceLevelOf(level: RehabLevel): ServiceLevel {
  return (MUNICIPAL_REHAB_LEVELS as readonly string[]).includes(level) ? 'municipal' : 'specialist';
}

/** A set of professions in the fixed list's order, so the same set is always stored the same way. */
export function canonicalProfessions(professions: readonly Profession[]): Profession[] {
  return PROFESSIONS.filter((p) => professions.includes(p));
}
