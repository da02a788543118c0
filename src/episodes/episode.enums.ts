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
export const CONSENT_STATUSES = ['given', 'refused', 'objected', 'not_asked'] as const;
export const SEXES = ['male', 'female'] as const;

export type Setting = (typeof SETTINGS)[number];
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];
export type Programme = (typeof PROGRAMMES)[number];
export type DischargeDestination = (typeof DISCHARGE_DESTINATIONS)[number];
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
export type Sex = (typeof SEXES)[number];

export function oneOfMessage(field: string, values: readonly string[]): string {
  return `${field} must be one of ${values.join(', ')}`;
}
