/**
 * The published catalogue of extract variables: one typed spec per variable, from which the API's
 * catalogue, the codebook, the build query's columns and the Parquet types all derive. Adding a
 * variable touches only this file. Names are snake_case and stable: researchers cite them.
 *
 * Each `sql` is an expression over the build query's aliases (extract-query.ts): `e` episodes,
 * `i` institutions, and the current responses `ea`/`ed` (EQ-5D-5L at admission/discharge),
 * `ba`/`bd` (Barthel) and `ma`/`md` (modified Rankin Scale). `derived` variables are computed in
 * the service with the project key.
 * Dates leave only as months or day counts, ages only in 5-year bands (SECURITY.md rule 5).
 */
import { BARTHEL_ITEM_IDS, BARTHEL_ITEMS, type BarthelItem } from '../instruments/barthel.scoring';
import { DEFAULT_VALUE_SET_ID } from '../instruments/eq5d.scoring';
import { MRS_GRADES } from '../instruments/mrs.scoring';
import {
  COORDINATORS,
  DISCHARGE_DESTINATIONS,
  INDIVIDUAL_PLANS,
  PROFESSIONS,
  PROGRAMMES,
  REHAB_LEVELS,
  SERVICE_LEVELS,
  SETTINGS,
} from '../episodes/episode.enums';
import { MODES } from '../episodes/responses/dto/response.dto';
import { INSTITUTION_KINDS, REGIONS } from '../institutions/institution.entity';

export type ExtractVariableType = 'string' | 'integer' | 'number' | 'boolean';

export interface ExtractVariable {
  name: string;
  type: ExtractVariableType;
  description: string;
  unit: string | null;
  allowedValues: readonly (string | number)[] | null;
  /** Column expression in the build query, or `derived` for values made with the project key. */
  source: { sql: string } | { derived: 'patient' | 'episode' | 'institution' };
}

export const AGE_BANDS = [...Array.from({ length: 18 }, (_, i) => `${i * 5}-${i * 5 + 4}`), '90+'] as const;

const ICD10_CHAPTER_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

function variable(
  name: string,
  type: ExtractVariableType,
  description: string,
  source: ExtractVariable['source'],
  extra: { unit?: string; allowedValues?: readonly (string | number)[] } = {},
): ExtractVariable {
  return { name, type, description, unit: extra.unit ?? null, allowedValues: extra.allowedValues ?? null, source };
}

const TIMEPOINTS = [
  { key: 'admission', eq: 'ea', barthel: 'ba', mrs: 'ma' },
  { key: 'discharge', eq: 'ed', barthel: 'bd', mrs: 'md' },
] as const;

function snake(item: BarthelItem): string {
  return item.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const eq5dVariables = TIMEPOINTS.flatMap(({ key, eq }) => [
  variable(`eq5d_${key}_state`, 'string', `EQ-5D-5L health state at ${key}: five digits MO SC UA PD AD, 1 (no problems) to 5`, {
    sql: `${eq}.eq5d_state`,
  }),
  variable(`eq5d_${key}_index`, 'number', `EQ-5D-5L index at ${key}, from the value set in eq5d_value_set`, { sql: `${eq}.eq5d_index` }),
  variable(`eq5d_${key}_vas`, 'integer', `EQ VAS at ${key}`, { sql: `${eq}.eq5d_vas` }, { unit: 'points (0-100)' }),
]);

const barthelVariables = TIMEPOINTS.flatMap(({ key, barthel }) => [
  variable(
    `barthel_${key}_total`,
    'integer',
    `Barthel index total at ${key}, 100-point version (missing if any item is missing)`,
    { sql: `${barthel}.barthel_total` },
    { unit: 'points (0-100)' },
  ),
  ...BARTHEL_ITEM_IDS.map((item) =>
    variable(
      `barthel_${key}_${snake(item)}`,
      'integer',
      `Barthel item "${item}" at ${key}, on the 100-point scale (a 20-point answer times 5)`,
      { sql: `((${barthel}.answers ->> '${item}')::integer * CASE WHEN ${barthel}.barthel_scale = 20 THEN 5 ELSE 1 END)` },
      { unit: 'points', allowedValues: BARTHEL_ITEMS[item] },
    ),
  ),
]);

const mrsVariables = TIMEPOINTS.map(({ key, mrs }) =>
  variable(
    `mrs_${key}`,
    'integer',
    `Modified Rankin Scale at ${key}, clinician-rated: 0 (no symptoms) to 6 (dead)`,
    { sql: `${mrs}.mrs_score` },
    { unit: 'grade (0-6)', allowedValues: MRS_GRADES },
  ),
);

/** Professions are a set: one 0/1 column each, all missing when the set was not recorded. */
const professionVariables = PROFESSIONS.map((profession) =>
  variable(
    `profession_${profession}`,
    'integer',
    `Whether the profession "${profession}" took part in the stay: 1 yes, 0 no (missing when professions were not recorded)`,
    { sql: `(e.professions @> '["${profession}"]'::jsonb)::integer` },
    { allowedValues: [0, 1] },
  ),
);

const responseFlags = TIMEPOINTS.flatMap(({ key, eq, barthel, mrs }) => [
  variable(
    `response_mode_eq5d_${key}`,
    'string',
    `How the EQ-5D-5L at ${key} was answered`,
    { sql: `${eq}.mode` },
    { allowedValues: MODES },
  ),
  variable(
    `response_mode_barthel_${key}`,
    'string',
    `How the Barthel index at ${key} was scored`,
    { sql: `${barthel}.mode` },
    { allowedValues: MODES },
  ),
  variable(
    `response_mode_mrs_${key}`,
    'string',
    `How the modified Rankin Scale at ${key} was scored`,
    { sql: `${mrs}.mode` },
    { allowedValues: MODES },
  ),
  variable(`in_window_eq5d_${key}`, 'boolean', `Whether the EQ-5D-5L at ${key} was completed within the timepoint's window`, {
    sql: `${eq}.in_window`,
  }),
  variable(`in_window_barthel_${key}`, 'boolean', `Whether the Barthel index at ${key} was scored within the timepoint's window`, {
    sql: `${barthel}.in_window`,
  }),
  variable(`in_window_mrs_${key}`, 'boolean', `Whether the modified Rankin Scale at ${key} was scored within the timepoint's window`, {
    sql: `${mrs}.in_window`,
  }),
]);

/** The catalogue, in the order columns appear in every file. */
export const EXTRACT_VARIABLES: readonly ExtractVariable[] = [
  variable('patient', 'string', 'Project pseudonym of the patient: the same within this extract, unlinkable to any other', {
    derived: 'patient',
  }),
  variable('episode', 'integer', 'Project-specific episode number (1..n, in no meaningful order)', { derived: 'episode' }),
  variable(
    'age_band',
    'string',
    'Age at admission (year of admission minus year of birth), 5-year band',
    { sql: extractAgeBandSql() },
    {
      unit: 'years',
      allowedValues: AGE_BANDS,
    },
  ),
  variable('sex', 'string', 'Sex', { sql: 'e.sex' }, { allowedValues: ['female', 'male'] }),
  variable('region', 'string', 'Health region of the institution', { sql: 'i.region' }, { allowedValues: REGIONS }),
  variable('institution', 'string', 'Project-specific code of the institution (not the register id)', { derived: 'institution' }),
  variable('institution_kind', 'string', 'Kind of institution', { sql: 'i.kind' }, { allowedValues: INSTITUTION_KINDS }),
  variable('programme', 'string', 'Rehabilitation programme group', { sql: 'e.programme' }, { allowedValues: PROGRAMMES }),
  variable('setting', 'string', 'Setting of the rehabilitation', { sql: 'e.setting' }, { allowedValues: SETTINGS }),
  variable('service_level', 'string', 'Service level', { sql: 'e.service_level' }, { allowedValues: SERVICE_LEVELS }),
  variable(
    'main_diagnosis_chapter',
    'string',
    'ICD-10 chapter letter of the main diagnosis',
    { sql: 'left(e.main_diagnosis, 1)' },
    {
      allowedValues: ICD10_CHAPTER_LETTERS,
    },
  ),
  variable('main_diagnosis', 'string', 'Main diagnosis, ICD-10 code', { sql: 'e.main_diagnosis' }),
  variable('admission_month', 'string', 'Month of admission (YYYY-MM)', { sql: `to_char(e.admission_date, 'YYYY-MM')` }),
  variable(
    'length_of_stay_days',
    'integer',
    'Days from admission to discharge (missing while the episode is open)',
    {
      sql: 'e.discharge_date - e.admission_date',
    },
    { unit: 'days' },
  ),
  variable(
    'referral_wait_days',
    'integer',
    'Days from referral to admission (missing without a referral date)',
    {
      sql: 'e.admission_date - e.referral_date',
    },
    { unit: 'days' },
  ),
  variable(
    'discharge_destination',
    'string',
    'Where the patient went at discharge',
    { sql: 'e.discharge_destination' },
    {
      allowedValues: DISCHARGE_DESTINATIONS,
    },
  ),
  variable(
    'rehab_level',
    'string',
    'Level of the rehabilitation pyramid: 1-4 municipal, 5.1-5.3 specialist',
    { sql: 'e.rehab_level' },
    { allowedValues: REHAB_LEVELS },
  ),
  variable('profession_count', 'integer', 'How many professions took part in the stay (missing when professions were not recorded)', {
    sql: 'jsonb_array_length(e.professions)',
  }),
  ...professionVariables,
  variable(
    'individual_plan',
    'string',
    'Individual plan (habilitation and rehabilitation regulation)',
    { sql: 'e.individual_plan' },
    { allowedValues: INDIVIDUAL_PLANS },
  ),
  variable(
    'coordinator',
    'string',
    'Coordinator (habilitation and rehabilitation regulation)',
    { sql: 'e.coordinator' },
    { allowedValues: COORDINATORS },
  ),
  variable(
    'municipality_notified_days',
    'integer',
    'Days from discharge to when the municipality was notified, negative when before discharge (missing without a notification date or while the episode is open)',
    { sql: 'e.municipality_notified_date - e.discharge_date' },
    { unit: 'days' },
  ),
  ...eq5dVariables,
  variable('eq5d_value_set', 'string', `EQ-5D-5L value set of the index values (the register's default is ${DEFAULT_VALUE_SET_ID})`, {
    sql: 'coalesce(ea.eq5d_value_set, ed.eq5d_value_set)',
  }),
  ...barthelVariables,
  ...mrsVariables,
  ...responseFlags,
];

export const EXTRACT_VARIABLES_BY_NAME: ReadonlyMap<string, ExtractVariable> = new Map(EXTRACT_VARIABLES.map((v) => [v.name, v]));

/** The chosen variables in catalogue order (the order of columns in every file). */
export function inCatalogueOrder(names: readonly string[]): ExtractVariable[] {
  const chosen = new Set(names);
  return EXTRACT_VARIABLES.filter((v) => chosen.has(v.name));
}

function extractAgeBandSql(): string {
  const age = '(extract(year FROM e.admission_date)::integer - e.birth_year)';
  return `CASE WHEN ${age} >= 90 THEN '90+' ELSE (${age} / 5 * 5)::text || '-' || (${age} / 5 * 5 + 4)::text END`;
}
