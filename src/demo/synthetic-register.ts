/**
 * `demo:generate`: a synthetic national register at scale for demos and benchmarks (issue 6).
 *
 * Every identity number is a valid synthetic one (month + 80) made by syntheticNationalId, every
 * patient is validated and pseudonymized by the real PseudonymService, every response is scored by
 * scoreResponse and gets its window flag from the database's response_in_window(), exactly as
 * submissions do. Only the writing differs: as the owner role, in chunks of a few thousand episodes,
 * each one transaction of `COPY episodes FROM STDIN` and of the responses COPYed into a temporary
 * table and moved on by one INSERT … SELECT that adds the window flag, generating the next chunk
 * while PostgreSQL stores the previous one. (COPY instead of INSERT … SELECT FROM unnest(…) of
 * parameter arrays: the driver no longer escapes every value into array literals, nor PostgreSQL
 * parses them; with the other savings, 2-3 times the episodes per second, docs/benchmarks.md.)
 *
 * What the data look like (plausible, not calibrated): programme mix and ages by programme;
 * setting and length of stay by programme; admission health worse for neurological programmes
 * and improving by discharge for most patients; ~12% missing admission and ~25% missing discharge
 * questionnaires, ~3% completed outside their window, ~1% corrected (a superseded version kept),
 * ~3% episodes still open, ~0.2% of patients withdrawn. Deterministic for a given seed.
 *
 * Episode content (issue 18, from a generator of its own so the older fields stay as they were for
 * a seed): rehabilitation levels by institution kind (municipalities 1-4, health trusts 5.x, private
 * institutions mostly 5.x and a quarter municipal, the beds municipalities buy), more 5.2/5.3 in
 * the complex programmes, levels often missing at municipal level (before the municipal rollout);
 * professions whose count grows with the level (5.2: physician or nurse and 4 or more others);
 * individual plan and coordinator mostly filled at 5.x, less at municipal level; the municipality
 * notified before most specialist discharges; mRS at admission (~90%) and discharge (~85%) for
 * stroke, now and then for other neurological programmes, improving for most patients.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BulkColumns, columnNames } from '../common/bulk-columns';
import { copyLine } from '../common/copy-text';
import { withOrgCheckDigit } from '../common/org-number';
import type { AppConfig } from '../config/config';
import { computeLayeredPseudonym } from '../pseudonyms/pseudonym';
import { PseudonymService } from '../pseudonyms/pseudonym.service';
import { syntheticNationalId } from '../pseudonyms/synthetic-national-ids';
import { EPISODE_INSERT_COLUMNS } from '../episodes/episode.repository';
import { RESPONSE_INSERT_COLUMNS } from '../episodes/responses/response.repository';
import { scoreResponse } from '../episodes/responses/response-scoring';
import type { Instrument } from '../episodes/responses/dto/response.dto';
import { type Profession, type RehabLevel, serviceLevelOf } from '../episodes/episode.enums';
import { todayInNorway } from '../common/validators';

export interface SyntheticRegisterOptions {
  episodes: number;
  institutions: number;
  seed: number;
  /** Calendar year of the admissions (default: last year, so every date is in the past; in this year, none after today). */
  year?: number;
  chunkSize?: number;
  /** Existing institutions (ids) that get episodes too, as many as the largest synthetic one (the demo institutions). */
  alsoAt?: readonly string[];
  /** The day nothing may come after (YYYY-MM-DD; default today in Norway), so a test can generate as on a given day. */
  today?: string;
}

export interface SyntheticRegisterSummary {
  seed: number;
  year: number;
  institutions: { requested: number; created: number };
  episodes: number;
  responses: number;
  withdrawnPatients: number;
  seconds: number;
  episodesPerSecond: number;
}

type Programme =
  | 'stroke'
  | 'acquired_brain_injury'
  | 'spinal_cord_injury'
  | 'multitrauma'
  | 'amputation'
  | 'musculoskeletal'
  | 'chronic_pain'
  | 'cardiac'
  | 'pulmonary'
  | 'cancer'
  | 'neurological_other'
  | 'other';

interface ProgrammeProfile {
  weight: number;
  meanAge: number;
  maleShare: number;
  diagnosis: string;
  /** Weights of inpatient, day, outpatient, ambulatory, home. */
  settings: [number, number, number, number, number];
  /** Mean EQ-5D level at admission (1 best … 5 worst) and Barthel total at admission. */
  severity: number;
  barthel: number | null;
}

const PROGRAMMES: Record<Programme, ProgrammeProfile> = {
  stroke: { weight: 18, meanAge: 72, maleShare: 0.55, diagnosis: 'I63.9', settings: [8, 1, 1, 0.5, 0.5], severity: 3.0, barthel: 55 },
  acquired_brain_injury: {
    weight: 6,
    meanAge: 48,
    maleShare: 0.65,
    diagnosis: 'S06.9',
    settings: [8, 1, 1, 0.5, 0.5],
    severity: 3.0,
    barthel: 60,
  },
  spinal_cord_injury: {
    weight: 2,
    meanAge: 52,
    maleShare: 0.75,
    diagnosis: 'S14.1',
    settings: [9, 0.5, 0.5, 0, 0],
    severity: 3.4,
    barthel: 35,
  },
  multitrauma: { weight: 4, meanAge: 45, maleShare: 0.7, diagnosis: 'T07', settings: [8, 1, 1, 0, 0], severity: 3.0, barthel: 50 },
  amputation: { weight: 2, meanAge: 68, maleShare: 0.7, diagnosis: 'Z89.5', settings: [8, 1, 1, 0, 0], severity: 2.8, barthel: 55 },
  musculoskeletal: { weight: 15, meanAge: 63, maleShare: 0.4, diagnosis: 'M17.1', settings: [4, 3, 3, 1, 1], severity: 2.5, barthel: null },
  chronic_pain: { weight: 10, meanAge: 46, maleShare: 0.3, diagnosis: 'M79.7', settings: [2, 4, 4, 1, 0.5], severity: 2.8, barthel: null },
  cardiac: { weight: 8, meanAge: 66, maleShare: 0.65, diagnosis: 'I25.1', settings: [3, 3, 4, 1, 0.5], severity: 2.2, barthel: null },
  pulmonary: { weight: 7, meanAge: 67, maleShare: 0.45, diagnosis: 'J44.9', settings: [4, 3, 3, 1, 1], severity: 2.6, barthel: null },
  cancer: { weight: 8, meanAge: 60, maleShare: 0.45, diagnosis: 'C50.9', settings: [4, 3, 3, 1, 1], severity: 2.5, barthel: null },
  neurological_other: { weight: 9, meanAge: 55, maleShare: 0.45, diagnosis: 'G35', settings: [6, 2, 2, 1, 1], severity: 2.7, barthel: 70 },
  other: { weight: 11, meanAge: 58, maleShare: 0.5, diagnosis: 'R26.8', settings: [4, 2, 3, 1, 1], severity: 2.4, barthel: null },
};
const SETTINGS = ['inpatient', 'day', 'outpatient', 'ambulatory', 'home'] as const;
/** Mean length of stay (days) by setting: an inpatient stay, or the span of a day/outpatient programme. */
const MEAN_LOS: Record<(typeof SETTINGS)[number], number> = { inpatient: 24, day: 35, outpatient: 60, ambulatory: 45, home: 40 };
const DESTINATIONS: [string | null, number][] = [
  ['home', 62],
  ['home_with_services', 18],
  ['nursing_home', 6],
  ['other_institution', 4],
  ['hospital', 4],
  ['deceased', 1],
  ['other', 2],
  [null, 3],
];
const REGIONS: [string, number][] = [
  ['helse-sor-ost', 55],
  ['helse-vest', 20],
  ['helse-midt-norge', 14],
  ['helse-nord', 11],
];
const BARTHEL_ITEMS: Record<string, number> = {
  feeding: 10,
  bathing: 5,
  grooming: 5,
  dressing: 10,
  bowels: 10,
  bladder: 10,
  toiletUse: 10,
  transfers: 15,
  mobility: 15,
  stairs: 10,
};
const EQ5D_KEYS = ['mobility', 'selfCare', 'usualActivities', 'painDiscomfort', 'anxietyDepression'] as const;

/** mulberry32: a small, fast, seedable generator; the same seed gives the same register. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(random: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1][0];
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** YYYY-MM-DD plus `days` (without building and printing a Date: the generator calls it ~10 times per episode). */
function addDays(date: string, days: number): string {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days));
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${d.getUTCFullYear()}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The generator writes ids itself and marks the first version of a corrected response superseded. */
const EPISODE_COLUMNS: BulkColumns = [['id', 'uuid'], ['institution_id', 'uuid'], ...EPISODE_INSERT_COLUMNS];
const RESPONSE_COLUMNS: BulkColumns = [
  ['id', 'uuid'],
  ['institution_id', 'uuid'],
  ...RESPONSE_INSERT_COLUMNS,
  ['superseded', 'boolean'],
  ['admission_date', 'date'],
  ['discharge_date', 'date'],
];

interface Institution {
  id: string;
  kind: string;
  weight: number;
}

export async function generateSyntheticRegister(
  ownerUrl: string,
  config: AppConfig,
  options: SyntheticRegisterOptions,
): Promise<SyntheticRegisterSummary> {
  const started = performance.now();
  const today = options.today ?? todayInNorway();
  const year = options.year ?? Number(today.slice(0, 4)) - 1;
  const chunkSize = options.chunkSize ?? 5000;
  const random = seeded(options.seed);
  const contentRandom = seeded(options.seed ^ 0x5eed18);
  const pseudonyms = new PseudonymService({ ...config, allowSyntheticIds: true });
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  let writers: ChunkWriters | undefined;
  try {
    const prefix = `SYN-${options.seed}-`;
    const existing = await client.query(`SELECT 1 FROM episodes WHERE external_id LIKE $1 LIMIT 1`, [`${prefix}%`]);
    if (existing.rowCount) throw new Error(`Synthetic data of seed ${options.seed} are already in this register; use another --seed.`);
    const { institutions: synthetic, created } = await ensureInstitutions(client, options.seed, options.institutions, random);
    const institutions = [...(await existingInstitutions(client, options.alsoAt ?? [])), ...synthetic];
    const institutionWeights = institutions.map((i) => [i, i.weight] as const);
    const programmeWeights = (Object.entries(PROGRAMMES) as [Programme, ProgrammeProfile][]).map(
      ([p, profile]) => [p, profile.weight] as const,
    );

    writers = await ChunkWriters.open(ownerUrl, config.responseWindowDays);
    let responses = 0;
    const before = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM episodes`)).rows[0].n;
    let analyzedAt = before;
    for (let from = 0; from < options.episodes; from += chunkSize) {
      const to = Math.min(options.episodes, from + chunkSize);
      const ep: string[] = [];
      const rs: string[] = [];
      for (let i = from; i < to; i++) {
        const institution = weighted(random, institutionWeights);
        const programme = weighted(random, programmeWeights);
        const profile = PROGRAMMES[programme];
        const setting = weighted(
          random,
          SETTINGS.map((s, k) => [s, profile.settings[k]] as const),
        );
        let admission = addDays(`${year}-01-01`, Math.floor(random() * 365) - 30);
        if (admission > today) admission = addDays(today, -Math.floor(random() * 90)); // this year: nothing in the future
        const age = clamp(Math.round(profile.meanAge + 13 * normal(random)), 18, 99);
        const sex = random() < profile.maleShare ? 'male' : 'female';
        const birth = new Date(`${admission}T00:00:00Z`);
        birth.setUTCFullYear(birth.getUTCFullYear() - age);
        birth.setUTCDate(birth.getUTCDate() - Math.floor(random() * 364) - 1);
        const nationalId = syntheticNationalId({ birthDate: birth, sex }, random);
        // Every number goes through the register's keyed pseudonym; a sample also through the full
        // validation of PseudonymService (which re-reads the clock per number, too slow for millions).
        if (i % 997 === 0) {
          const checked = pseudonyms.pseudonymize(nationalId);
          if (!checked.ok) throw new Error(`generated an identity number the register refuses: ${checked.reason}`);
        }
        const patient = {
          pseudonym: computeLayeredPseudonym(nationalId, config.pseudonymKeys),
          pseudonymVersion: config.pseudonymKeys.length,
          birthYear: birth.getUTCFullYear(),
        };
        const los = Math.max(
          1,
          Math.round(MEAN_LOS[setting] * (0.4 + 1.2 * random()) * (programme === 'stroke' || programme === 'spinal_cord_injury' ? 1.3 : 1)),
        );
        let discharge: string | null = addDays(admission, los);
        if (discharge > today || random() < 0.03) discharge = null;
        const wait = random() < 0.65 ? Math.min(365, Math.round(-30 * Math.log(1 - random()))) : null;
        const id = randomUUID();
        const content = episodeContent(institution.kind, programme, admission, discharge, contentRandom);
        const push = (values: Record<string, unknown>) => ep.push(copyLine(EPISODE_COLUMNS, values));
        push({
          id,
          institution_id: institution.id,
          external_id: `${prefix}${i}`,
          unit_id: null,
          pseudonym: patient.pseudonym,
          pseudonym_version: patient.pseudonymVersion,
          birth_year: patient.birthYear,
          sex,
          referral_date: wait === null ? null : addDays(admission, -wait),
          admission_date: admission,
          discharge_date: discharge,
          setting,
          ...content,
          programme,
          main_diagnosis: profile.diagnosis,
          discharge_destination: discharge ? weighted(random, DESTINATIONS) : null,
          consent_status: 'given',
          consent_date: admission,
        });

        const respond = (
          timepoint: string,
          instrument: Instrument,
          completed: string,
          answers: Record<string, number>,
          mode: string,
          rng = random,
        ) => {
          const corrected = rng() < 0.01;
          const versions = corrected
            ? [
                { answers: jitter(answers, instrument, rng), superseded: true },
                { answers, superseded: false },
              ]
            : [{ answers, superseded: false }];
          let previous: string | null = null;
          versions.forEach((v, k) => {
            const scores = scoreResponse(instrument, v.answers);
            const responseId = randomUUID();
            const row: Record<string, unknown> = {
              id: responseId,
              episode_id: id,
              institution_id: institution.id,
              timepoint,
              instrument,
              completed_date: completed,
              mode,
              answers: JSON.stringify(v.answers),
              version: k + 1,
              supersedes_id: previous,
              superseded: v.superseded,
              eq5d_state: scores.eq5dState,
              eq5d_level_sum: scores.eq5dLevelSum,
              eq5d_index: scores.eq5dIndex,
              eq5d_value_set: scores.eq5dValueSet,
              eq5d_vas: scores.eq5dVas,
              barthel_scale: scores.barthelScale,
              barthel_total: scores.barthelTotal,
              barthel_band: scores.barthelBand,
              mrs_score: scores.mrsScore,
              scoring_version: scores.scoringVersion,
              admission_date: admission,
              discharge_date: discharge,
            };
            rs.push(copyLine(RESPONSE_COLUMNS, row));
            previous = responseId;
            responses += 1;
          });
        };
        const late = () => (random() < 0.03 ? 10 + Math.floor(random() * 15) : Math.floor(random() * 4));
        // EQ-5D-5L
        const levels = EQ5D_KEYS.map(() => clamp(Math.round(profile.severity + 0.9 * normal(random)), 1, 5));
        const vas = clamp(Math.round(100 - (13 * (levels.reduce((a, b) => a + b, 0) - 5)) / 2 + 10 * normal(random)), 0, 100);
        if (random() < 0.88)
          respond('admission', 'eq5d-5l', addDays(admission, late()), eq5d(levels, random() < 0.92 ? vas : null, random), 'patient_paper');
        if (discharge && random() < 0.75) {
          const better = levels.map((l) =>
            clamp(
              l -
                weighted(random, [
                  [0, 45],
                  [1, 40],
                  [2, 10],
                  [-1, 5],
                ] as const),
              1,
              5,
            ),
          );
          const completed = addDays(discharge, late() * (random() < 0.5 ? -1 : 1));
          const dischargeVas = clamp(vas + Math.round(8 + 12 * normal(random)), 0, 100);
          respond(
            'discharge',
            'eq5d-5l',
            completed > today ? discharge : completed,
            eq5d(better, random() < 0.92 ? dischargeVas : null, random),
            'patient_web',
          );
        }
        // Barthel, mostly in the programmes where daily-living function is the point.
        if (random() < (profile.barthel === null ? 0.35 : 0.8)) {
          const admissionTotal = clamp(Math.round((profile.barthel ?? 85) + 20 * normal(random)), 0, 100);
          respond('admission', 'barthel', addDays(admission, Math.floor(random() * 3)), barthel(admissionTotal, random), 'clinician');
          if (discharge && random() < 0.85) {
            respond(
              'discharge',
              'barthel',
              discharge,
              barthel(clamp(admissionTotal + Math.round(15 + 12 * normal(random)), 0, 100), random),
              'clinician',
            );
          }
        }
        // mRS, clinician-rated: expected for stroke, now and then in other neurological programmes.
        const mrsShare =
          programme === 'stroke' ? 0.9 : programme === 'acquired_brain_injury' || programme === 'neurological_other' ? 0.15 : 0;
        if (contentRandom() < mrsShare) {
          const grade = clamp(Math.round(profile.severity + 0.6 + 1.1 * normal(contentRandom)), 1, 5);
          respond('admission', 'mrs', addDays(admission, Math.floor(contentRandom() * 3)), { score: grade }, 'clinician', contentRandom);
          if (discharge && contentRandom() < 0.85) {
            const change = weighted(contentRandom, [
              [0, 40],
              [1, 40],
              [2, 12],
              [-1, 5],
              [-6, 3], // died: 6
            ] as const);
            const after = change === -6 ? 6 : clamp(grade - change, 0, 5);
            respond('discharge', 'mrs', discharge, { score: after }, 'clinician', contentRandom);
          }
        }
      }
      await writers.write(ep, rs);
      // The responses' indicator trigger joins the new rows to episodes; on statistics of a smaller
      // table the planner scans all of episodes for every chunk, a time that grows with the square
      // of the register. Fresh statistics whenever the table has doubled keep that an index lookup.
      if (before + to >= 2 * Math.max(analyzedAt, chunkSize)) {
        await writers.drain();
        await client.query('ANALYZE episodes');
        analyzedAt = before + to;
      }
    }
    await writers.drain();
    const withdrawn = await withdrawSome(client, prefix);
    // Statistics for what was just loaded, as after any bulk load: until autovacuum gets to it, the
    // planner would take the tables for as small as before, and an indicator cube over a register
    // loaded a moment ago (the demo's first start) took 4 s for 4,000 episodes instead of 0.1 s.
    await client.query('ANALYZE episodes, responses, withdrawals');
    const seconds = (performance.now() - started) / 1000;
    return {
      seed: options.seed,
      year,
      institutions: { requested: options.institutions, created },
      episodes: options.episodes,
      responses,
      withdrawnPatients: withdrawn,
      seconds: Math.round(seconds * 10) / 10,
      episodesPerSecond: Math.round(options.episodes / seconds),
    };
  } finally {
    await writers?.end();
    await client.end();
  }
}

function eq5d(levels: number[], vas: number | null, random: () => number): Record<string, number> {
  const answers: Record<string, number> = {};
  EQ5D_KEYS.forEach((key, k) => (answers[key] = levels[k]));
  if (random() < 0.02) delete answers[EQ5D_KEYS[Math.floor(random() * 5)]]; // a skipped question: no index
  if (vas !== null) answers.vas = vas;
  return answers;
}

/** Barthel answers totalling about `total`: items lowered 5 points at a time, in random order. */
function barthel(total: number, random: () => number): Record<string, number> {
  const answers = { ...BARTHEL_ITEMS };
  let missing = Math.round((100 - total) / 5) * 5;
  const items = Object.keys(answers);
  while (missing > 0) {
    const item = items[Math.floor(random() * items.length)];
    if (answers[item] > 0) {
      answers[item] -= 5;
      missing -= 5;
    }
  }
  return answers;
}

const COMPLEX_PROGRAMMES: readonly Programme[] = ['spinal_cord_injury', 'acquired_brain_injury', 'multitrauma', 'amputation'];
/** Professions in the order they are added as a team grows; the first three are the municipal level 3 team's core. */
const TEAM_ORDER: readonly Profession[] = [
  'nurse',
  'occupational_therapist',
  'physiotherapist',
  'physician',
  'social_worker',
  'speech_therapist',
  'psychologist',
  'clinical_nutritionist',
  'vision_teacher',
  'other',
];
/** Fewest and most professions per level (DOMAIN.md: 5.2 and 5.3 need 4 or more beside physician or nurse). */
const TEAM_SIZE: Record<RehabLevel, [number, number]> = {
  '1': [1, 2],
  '2': [2, 3],
  '3': [3, 4],
  '4': [3, 5],
  '5.1': [3, 5],
  '5.2': [6, 7],
  '5.3': [7, 9],
};

/** The episode's service level and the content columns (level, professions, plan, coordinator, municipality notified). */
function episodeContent(kind: string, programme: Programme, admission: string, discharge: string | null, random: () => number) {
  const municipal = kind === 'municipality' || (kind === 'private' && random() < 0.25);
  const complex = COMPLEX_PROGRAMMES.includes(programme);
  const level: RehabLevel = municipal
    ? weighted(random, [
        ['1', 5],
        ['2', 25],
        ['3', 35],
        ['4', 35],
      ] as const)
    : weighted(random, [
        ['5.1', complex ? 30 : 65],
        ['5.2', complex ? 45 : 30],
        ['5.3', complex ? 25 : 5],
      ] as const);
  const recorded = random() < (municipal ? 0.55 : 0.95);
  const [fewest, most] = TEAM_SIZE[level];
  const size = fewest + Math.floor(random() * (most - fewest + 1));
  // the core of the team in order, then a few swaps further down, so teams differ
  const team = [...TEAM_ORDER.slice(0, size)];
  if (size > 4 && size < TEAM_ORDER.length && random() < 0.4)
    team[size - 1] = TEAM_ORDER[size + Math.floor(random() * (TEAM_ORDER.length - size))];
  const filled = random() < (municipal ? 0.5 : 0.9);
  const needsPlan = level === '5.2' || level === '5.3' || level === '4' || random() < 0.4;
  return {
    service_level: serviceLevelOf(level),
    rehab_level: recorded ? level : null,
    professions: recorded && random() < 0.95 ? JSON.stringify(TEAM_ORDER.filter((p) => team.includes(p))) : null,
    individual_plan: filled
      ? needsPlan
        ? weighted(random, [
            ['established', 60],
            ['offered_declined', 10],
            ['not_assessed', 10],
            ['not_needed', 20],
          ] as const)
        : weighted(random, [
            ['not_needed', 70],
            ['not_assessed', 20],
            ['established', 10],
          ] as const)
      : null,
    coordinator: filled
      ? needsPlan
        ? weighted(random, [
            ['assigned', 70],
            ['not_assigned', 10],
            ['not_needed', 20],
          ] as const)
        : weighted(random, [
            ['not_needed', 75],
            ['assigned', 15],
            ['not_assigned', 10],
          ] as const)
      : null,
    municipality_notified_date:
      discharge && !municipal && random() < 0.7 ? maxDate(admission, addDays(discharge, -Math.floor(random() * 10) - 1)) : null,
  };
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** The first, mistaken version of a corrected response. */
function jitter(answers: Record<string, number>, instrument: Instrument, random: () => number): Record<string, number> {
  if (instrument === 'mrs') return { score: answers.score === 0 ? 1 : answers.score - 1 };
  if (instrument === 'barthel') return barthel(Math.max(0, Object.values(answers).reduce((a, b) => a + b, 0) - 10), random);
  const copy = { ...answers };
  if (copy.mobility) copy.mobility = copy.mobility === 5 ? 4 : copy.mobility + 1;
  return copy;
}

async function ensureInstitutions(
  client: Client,
  seed: number,
  count: number,
  random: () => number,
): Promise<{ institutions: Institution[]; created: number }> {
  const orgNumbers: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; orgNumbers.length < count; i++) {
    const org = withOrgCheckDigit(String(80_000_000 + ((seed * 7919 + i * 104_729) % 10_000_000)));
    if (org && !seen.has(org)) {
      seen.add(org);
      orgNumbers.push(org);
    }
  }
  const kinds = orgNumbers.map((_, i) => (i % 5 === 4 ? 'municipality' : i % 5 === 3 ? 'private' : 'health_trust'));
  const inserted = await client.query(
    `INSERT INTO institutions (name, org_number, kind, region)
     SELECT 'Syntetisk rehabilitering ' || $1::text || '-' || lpad(n::text, 4, '0'), org, kind, region
       FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(org, kind, region, n)
     ON CONFLICT (org_number) DO NOTHING`,
    [String(seed), orgNumbers, kinds, orgNumbers.map(() => weighted(random, REGIONS))],
  );
  const { rows } = await client.query<{ id: string; kind: string; org_number: string }>(
    `SELECT id, kind, org_number FROM institutions WHERE org_number = ANY ($1)`,
    [orgNumbers],
  );
  // A few large institutions and many small ones (weights ~ 1/rank).
  const byOrg = new Map(rows.map((r) => [r.org_number, r]));
  const institutions = orgNumbers.map((org, rank) => ({
    id: byOrg.get(org)!.id,
    kind: byOrg.get(org)!.kind,
    weight: 1 / (1 + rank * 0.15),
  }));
  return { institutions, created: inserted.rowCount ?? 0 };
}

async function existingInstitutions(client: Client, ids: readonly string[]): Promise<Institution[]> {
  if (ids.length === 0) return [];
  const { rows } = await client.query<{ id: string; kind: string }>(
    `SELECT id, kind FROM institutions WHERE id = ANY ($1::uuid[]) ORDER BY id`,
    [ids],
  );
  return rows.map((r) => ({ id: r.id, kind: r.kind, weight: 1 }));
}

/** Where a chunk's responses wait for their window flag (a temporary table of this connection, emptied at every commit). */
const STAGED_RESPONSES = 'synthetic_responses';

/**
 * Two connections that store chunks, so that PostgreSQL works on two at once (a core each, where
 * they are free) while this process generates the next. Each has its own stage table.
 */
class ChunkWriters {
  private next = 0;
  private constructor(
    private readonly writers: { client: Client; pending: Promise<void> }[],
    private readonly windowDays: number,
  ) {}

  static async open(ownerUrl: string, windowDays: number, count = 2): Promise<ChunkWriters> {
    const writers: { client: Client; pending: Promise<void> }[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const client = new Client({ connectionString: ownerUrl });
        writers.push({ client, pending: Promise.resolve() });
        await client.connect();
        await client.query(
          `CREATE TEMPORARY TABLE ${STAGED_RESPONSES} (${RESPONSE_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')}) ON COMMIT DELETE ROWS`,
        );
      }
    } catch (error) {
      await Promise.all(writers.map((w) => w.client.end().catch(() => undefined)));
      throw error;
    }
    return new ChunkWriters(writers, windowDays);
  }

  /** Hands the chunk to the next writer once that one has stored its previous chunk (whose failure is thrown here). */
  async write(episodeLines: string[], responseLines: string[]): Promise<void> {
    const writer = this.writers[this.next++ % this.writers.length];
    await writer.pending;
    writer.pending = writeChunkRetryingDeadlocks(writer.client, episodeLines, responseLines, this.windowDays);
    writer.pending.catch(() => undefined); // observed by the next write or drain; not an unhandled rejection meanwhile
  }

  /** Waits until every chunk handed over is stored. */
  async drain(): Promise<void> {
    await Promise.all(this.writers.map((w) => w.pending));
  }

  /** Closes the connections; a chunk still being stored is rolled back (call drain first to keep it). */
  async end(): Promise<void> {
    await Promise.all(this.writers.map((w) => w.client.end().catch(() => undefined)));
  }
}

/**
 * The indicator triggers of both writers' chunks insert the (year, institution) pairs they touch
 * into indicator_changes; two chunks that both bring new pairs may wait for each other there, and
 * PostgreSQL then aborts one of them (deadlock detected), which is written again.
 */
async function writeChunkRetryingDeadlocks(client: Client, episodeLines: string[], responseLines: string[], windowDays: number) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeChunk(client, episodeLines, responseLines, windowDays);
    } catch (error) {
      if (attempt >= 5 || (error as { code?: string }).code !== '40P01') throw error;
    }
  }
}

/** One chunk in one transaction: the episodes COPYed in, the responses COPYed to the stage and inserted with their window flag. */
async function writeChunk(client: Client, episodeLines: string[], responseLines: string[], windowDays: number): Promise<void> {
  await client.query('BEGIN');
  try {
    await copyLines(client, `COPY episodes (${columnNames(EPISODE_COLUMNS)}) FROM STDIN`, episodeLines);
    await copyLines(client, `COPY ${STAGED_RESPONSES} (${columnNames(RESPONSE_COLUMNS)}) FROM STDIN`, responseLines);
    await client.query(
      `INSERT INTO responses (id, institution_id, ${columnNames(RESPONSE_INSERT_COLUMNS)}, superseded_at, in_window)
       SELECT r.id, r.institution_id, ${columnNames(RESPONSE_INSERT_COLUMNS, 'r')}, CASE WHEN r.superseded THEN now() END,
              response_in_window(r.timepoint, r.completed_date, r.admission_date, r.discharge_date, $1)
         FROM ${STAGED_RESPONSES} r`,
      [windowDays],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function copyLines(client: Client, statement: string, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  await pipeline(Readable.from([`${lines.join('\n')}\n`]), client.query(copyFrom(statement)));
}

/** About one patient in 500 withdraws, at every institution (as withdraw_patient does). */
async function withdrawSome(client: Client, prefix: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `WITH chosen AS (
       INSERT INTO withdrawals (pseudonym)
       SELECT DISTINCT pseudonym FROM episodes WHERE external_id LIKE $1 AND abs(hashtext(pseudonym)) % 500 = 0
       ON CONFLICT DO NOTHING RETURNING pseudonym),
     marked AS (UPDATE episodes e SET withdrawn_at = now(), updated_at = now() FROM chosen c WHERE e.pseudonym = c.pseudonym RETURNING 1)
     SELECT (SELECT count(*)::int FROM chosen) AS n, (SELECT count(*) FROM marked) AS episodes`,
    [`${prefix}%`],
  );
  return rows[0].n;
}
