/**
 * Hand-made register data for the indicator tests: episodes written as one line each (states,
 * VAS, Barthel totals, dates), submitted through the real batch API so pseudonyms, scores and
 * window flags come from the domain code. Plus the textbook formulas the tests check against.
 */
import { randomUUID } from 'node:crypto';
import { BARTHEL_FULL, newNationalId } from '../support/fixtures';
import type { TestApp } from '../support/test-app';

export interface EpisodeSpec {
  admission: string;
  /** Days from admission to discharge; undefined leaves the episode open. */
  los?: number;
  /** Days from referral to admission; undefined sends no referral date. */
  wait?: number;
  destination?: string | null;
  eq5d?: [string, string] | [string, null];
  vas?: [number, number] | [number, null];
  barthel?: [number, number];
  /** Days after discharge the discharge EQ-5D was completed (beyond the 7-day window when > 7). */
  eq5dDischargeDelay?: number;
  programme?: string;
  setting?: string;
  serviceLevel?: string;
  nationalId?: string;
  externalId?: string;
  /** Register content (issue 18); left out of the submission when undefined. */
  rehabLevel?: string;
  professions?: string[];
  individualPlan?: string;
  coordinator?: string;
  /** Days before discharge the municipality was notified (negative: after); undefined sends no date. */
  notifiedDaysBeforeDischarge?: number;
  /** Admission and discharge mRS; null sends no response at that timepoint. */
  mrs?: [number | null, number | null];
  /** Days after discharge the discharge mRS was rated (beyond the 7-day window when > 7). */
  mrsDischargeDelay?: number;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function eq5dAnswers(state: string, vas?: number | null): Record<string, number> {
  const [mobility, selfCare, usualActivities, painDiscomfort, anxietyDepression] = [...state].map(Number);
  return { mobility, selfCare, usualActivities, painDiscomfort, anxietyDepression, ...(vas === undefined || vas === null ? {} : { vas }) };
}

/** Barthel answers with the given total (a multiple of 5): items lowered 5 points at a time from full. */
export function barthelAnswers(total: number): Record<string, number> {
  const answers: Record<string, number> = { ...BARTHEL_FULL };
  let missing = 100 - total;
  for (const item of Object.keys(answers)) {
    while (missing > 0 && answers[item] > 0) {
      answers[item] -= 5;
      missing -= 5;
    }
  }
  return answers;
}

export function submissionEpisode(spec: EpisodeSpec): Record<string, unknown> {
  const discharge = spec.los === undefined ? undefined : addDays(spec.admission, spec.los);
  const responses: Record<string, unknown>[] = [];
  if (spec.eq5d) {
    responses.push({
      timepoint: 'admission',
      instrument: 'eq5d-5l',
      completedDate: spec.admission,
      mode: 'patient_paper',
      answers: eq5dAnswers(spec.eq5d[0], spec.vas?.[0]),
    });
    if (spec.eq5d[1] && discharge) {
      const completed = addDays(discharge, spec.eq5dDischargeDelay ?? 0);
      responses.push({
        timepoint: 'discharge',
        instrument: 'eq5d-5l',
        completedDate: completed,
        mode: 'patient_web',
        answers: eq5dAnswers(spec.eq5d[1], spec.vas?.[1]),
      });
    }
  }
  if (spec.barthel && discharge) {
    responses.push({
      timepoint: 'admission',
      instrument: 'barthel',
      completedDate: spec.admission,
      mode: 'clinician',
      answers: barthelAnswers(spec.barthel[0]),
    });
    responses.push({
      timepoint: 'discharge',
      instrument: 'barthel',
      completedDate: discharge,
      mode: 'clinician',
      answers: barthelAnswers(spec.barthel[1]),
    });
  }
  if (spec.mrs?.[0] !== undefined && spec.mrs[0] !== null) {
    responses.push({
      timepoint: 'admission',
      instrument: 'mrs',
      completedDate: spec.admission,
      mode: 'clinician',
      answers: { score: spec.mrs[0] },
    });
  }
  if (spec.mrs?.[1] !== undefined && spec.mrs[1] !== null && discharge) {
    responses.push({
      timepoint: 'discharge',
      instrument: 'mrs',
      completedDate: addDays(discharge, spec.mrsDischargeDelay ?? 0),
      mode: 'clinician',
      answers: { score: spec.mrs[1] },
    });
  }
  return {
    externalId: spec.externalId ?? `IND-${randomUUID()}`,
    patient: { nationalId: spec.nationalId ?? newNationalId(1955, 'female') },
    admissionDate: spec.admission,
    ...(discharge ? { dischargeDate: discharge } : {}),
    ...(spec.wait !== undefined ? { referralDate: addDays(spec.admission, -spec.wait) } : {}),
    ...(spec.destination ? { dischargeDestination: spec.destination } : {}),
    setting: spec.setting ?? 'inpatient',
    serviceLevel: spec.serviceLevel ?? 'specialist',
    programme: spec.programme ?? 'stroke',
    mainDiagnosis: 'I63.9',
    consent: { status: 'given', date: spec.admission },
    ...(spec.rehabLevel !== undefined ? { rehabLevel: spec.rehabLevel } : {}),
    ...(spec.professions !== undefined ? { professions: spec.professions } : {}),
    ...(spec.individualPlan !== undefined ? { individualPlan: spec.individualPlan } : {}),
    ...(spec.coordinator !== undefined ? { coordinator: spec.coordinator } : {}),
    ...(spec.notifiedDaysBeforeDischarge !== undefined && discharge
      ? { municipalityNotifiedDate: addDays(discharge, -spec.notifiedDaysBeforeDischarge) }
      : {}),
    responses,
  };
}

export async function submit(t: TestApp, headers: Record<string, string>, episodes: Record<string, unknown>[]): Promise<void> {
  const res = await t.http().post('/api/v1/submissions').set(headers).set('Idempotency-Key', randomUUID()).send({ episodes });
  if (res.status !== 201 && res.status !== 200) throw new Error(`submission failed: ${res.status} ${JSON.stringify(res.body)}`);
}

// --- Textbook statistics, written out here so the tests do not lean on the code they test ----------

/** t(0.975, df) from the table (R: qt(0.975, df)). */
export const T975: Record<number, number> = { 10: 2.228139, 11: 2.200985, 12: 2.178813, 14: 2.144787, 26: 2.055529 };
export const Z975 = 1.959964;

export function mean(values: number[]): number {
  return values.reduce((a, v) => a + v, 0) / values.length;
}

export function sd(values: number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

export function tCi(values: number[]): [number, number] {
  const half = (T975[values.length - 1] * sd(values)) / Math.sqrt(values.length);
  return [mean(values) - half, mean(values) + half];
}

/** Wilson score interval (Wilson 1927). */
export function wilson(events: number, n: number): [number, number] {
  const p = events / n;
  const z2 = Z975 * Z975;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z975 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [events === 0 ? 0 : centre - half, events === n ? 1 : centre + half];
}

/**
 * Sets the protection margin of published tables (issue 19). The hand-made registers of the older
 * indicator tests have a dozen episodes per institution, where the default margin of 3 hides most
 * of what those tests look at; they publish with a margin of 1, and disclosure.e2e-spec.ts tests
 * the default.
 */
export async function setProtectionMargin(t: TestApp, admin: { headers: Record<string, string> }, margin: number): Promise<void> {
  const current = await t.http().get('/api/v1/admin/indicator-settings').set(admin.headers).expect(200);
  await t
    .http()
    .put('/api/v1/admin/indicator-settings')
    .set(admin.headers)
    .send({
      reason: `Protection margin of ${margin} for a hand-made test register`,
      parameters: { ...current.body.parameters, protectionMargin: margin },
      targets: current.body.targets,
    })
    .expect(200);
}
