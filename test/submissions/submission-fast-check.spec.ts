/**
 * The batch fast path may only make valid batches cheaper: whatever it accepts, the full
 * class-validator pipe must accept too, with the same data. Checked on generated good batches and
 * on the same batches with one field broken, removed or added.
 */
import 'reflect-metadata';
import fc from 'fast-check';
import { ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe } from '../../src/common/validation';
import {
  CONSENT_STATUSES,
  COORDINATORS,
  DISCHARGE_DESTINATIONS,
  INDIVIDUAL_PLANS,
  PROFESSIONS,
  PROGRAMMES,
  REHAB_LEVELS,
  SERVICE_LEVELS,
  SETTINGS,
  SEXES,
} from '../../src/episodes/episode.enums';
import { barthelAllowedValues, BARTHEL_ITEM_IDS } from '../../src/instruments/barthel.scoring';
import { MODES, TIMEPOINTS } from '../../src/episodes/responses/dto/response.dto';
import { SubmissionDto } from '../../src/submissions/dto/submission.dto';
import { fastCheckSubmission } from '../../src/submissions/submission-fast-check';

const fullPipe = createValidationPipe(); // no fast checks: class-transformer + class-validator only
const BODY: ArgumentMetadata = { type: 'body', metatype: SubmissionDto };

async function fullPipeAccepts(body: unknown): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: await fullPipe.transform(body, BODY) };
  } catch {
    return { ok: false };
  }
}

const dateArb = (from: string, to: string) =>
  fc
    .date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const eq5dAnswersArb = fc.record(
  {
    mobility: fc.integer({ min: 1, max: 5 }),
    selfCare: fc.integer({ min: 1, max: 5 }),
    usualActivities: fc.integer({ min: 1, max: 5 }),
    painDiscomfort: fc.integer({ min: 1, max: 5 }),
    anxietyDepression: fc.integer({ min: 1, max: 5 }),
    vas: fc.integer({ min: 0, max: 100 }),
  },
  { requiredKeys: [] },
);

const barthelAnswersArb = fc.constantFrom<(100 | 20)[]>(100, 20).chain((scale) =>
  fc.record(
    {
      scale: fc.constant(scale),
      ...Object.fromEntries(BARTHEL_ITEM_IDS.map((item) => [item, fc.constantFrom(...barthelAllowedValues(item, scale))])),
    },
    { requiredKeys: scale === 20 ? ['scale'] : [] }, // a missing scale means 100
  ),
);

const responseArb = fc
  .oneof(
    fc.record({ instrument: fc.constant('eq5d-5l'), answers: eq5dAnswersArb }),
    fc.record({ instrument: fc.constant('barthel'), answers: barthelAnswersArb }),
    fc.record({ instrument: fc.constant('mrs'), answers: fc.record({ score: fc.integer({ min: 0, max: 6 }) }, { requiredKeys: [] }) }),
  )
  .chain((instrumentAndAnswers) =>
    fc
      .record({
        timepoint: fc.constantFrom(...TIMEPOINTS),
        completedDate: dateArb('2024-01-01', '2025-12-31'),
        mode: fc.constantFrom(...MODES),
      })
      .map((rest) => ({ ...rest, ...instrumentAndAnswers })),
  );

const episodeArb = fc
  .record({
    admissionDate: dateArb('2024-01-01', '2024-12-31'),
    stayDays: fc.integer({ min: 0, max: 300 }),
    waitDays: fc.integer({ min: 0, max: 100 }),
  })
  .chain(({ admissionDate, stayDays, waitDays }) => {
    const shifted = (days: number) => new Date(Date.parse(admissionDate) + days * 86_400_000).toISOString().slice(0, 10);
    return fc.record(
      {
        externalId: fc.string({ minLength: 1, maxLength: 100 }),
        patient: fc.record(
          { nationalId: fc.stringMatching(/^\d{11}$/), sex: maybe(fc.constantFrom(...SEXES)) },
          { requiredKeys: ['nationalId'] },
        ),
        unitId: fc.uuid(),
        referralDate: fc.constant(shifted(-waitDays)),
        admissionDate: fc.constant(admissionDate),
        dischargeDate: fc.constant(shifted(stayDays)),
        setting: fc.constantFrom(...SETTINGS),
        serviceLevel: fc.constantFrom(...SERVICE_LEVELS),
        programme: fc.constantFrom(...PROGRAMMES),
        mainDiagnosis: fc.constantFrom('I63.9', 'I639', 's06.2', 'G35', 'M16.1A'),
        dischargeDestination: fc.constantFrom(...DISCHARGE_DESTINATIONS),
        consent: fc.record({ status: fc.constantFrom(...CONSENT_STATUSES), date: dateArb('2024-01-01', '2024-12-31') }),
        rehabLevel: fc.constantFrom(...REHAB_LEVELS),
        professions: fc.subarray([...PROFESSIONS], { minLength: 1 }),
        individualPlan: fc.constantFrom(...INDIVIDUAL_PLANS),
        coordinator: fc.constantFrom(...COORDINATORS),
        municipalityNotifiedDate: fc.constant(shifted(stayDays)),
        responses: fc.array(responseArb, { maxLength: 6 }),
      },
      { requiredKeys: ['externalId', 'patient', 'admissionDate', 'setting', 'serviceLevel', 'programme', 'mainDiagnosis'] },
    );
  });

const submissionArb = fc.record(
  { institutionId: fc.uuid(), episodes: fc.array(episodeArb, { minLength: 1, maxLength: 4 }) },
  { requiredKeys: ['episodes'] },
);

/** Values of no particular field: wrong types, empty and odd strings. */
const ANY_FIELD: unknown[] = [
  null,
  '',
  ' ',
  0,
  -1,
  2.5,
  true,
  [],
  {},
  [{}],
  'not-a-uuid',
  '01817512345',
  'admission',
  'barthel',
  'eq5d-5l',
  'mrs',
  'home',
  '5.1',
  ['nurse', 'nurse'],
  ['dentist'],
];

const DAY_MS = 86_400_000;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Near misses of a value: the ones a rule for its field is most likely to get wrong. */
function nearMisses(value: unknown): unknown[] {
  if (typeof value === 'number')
    return [value - 1, value + 1, value - 5, value + 5, -value, value + 0.5, value * 5, value / 5, 0, 6, 21, 101, String(value)];
  if (typeof value === 'string' && isoDate.test(value)) {
    const shifted = (days: number) => new Date(Date.parse(value) + days * DAY_MS).toISOString().slice(0, 10);
    return [
      shifted(-1),
      shifted(1),
      shifted(-400),
      shifted(400),
      shifted(365 * 80),
      `${value.slice(0, 8)}31`,
      `${value.slice(0, 5)}02-30`,
      `${value.slice(0, 5)}13-01`,
      value.replace(/-/g, ''),
      `${value}T00:00:00Z`,
    ];
  }
  if (typeof value === 'string')
    return [
      '',
      ' ',
      `${value}x`,
      `x${value}`,
      value.toUpperCase(),
      value.slice(1),
      value.padEnd(101, 'x'),
      value.padEnd(100, 'y'),
      `${value.slice(0, 3)}..1`,
      value.replace(/\d/, 'O'),
    ];
  return [];
}

type Mutation = { kind: 'nearMiss' | 'anyValue'; choice: number } | { kind: 'delete' } | { kind: 'add'; key: string; choice: number };
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.nat().map((choice) => ({ kind: 'nearMiss' as const, choice })) },
  { weight: 1, arbitrary: fc.nat().map((choice) => ({ kind: 'anyValue' as const, choice })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      key: fc.constantFrom('unknownField', '__proto__', 'constructor', 'institutionId', 'scale', 'vas'),
      choice: fc.nat(),
    }),
  },
);

/** Every place in a JSON value: the path to it. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => paths(item, [...at, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...at, key]))];
  return here;
}

/** A copy of `body` with one mutation applied at the chosen place (built with JSON.parse, as a request body is). */
function mutate(body: unknown, pick: number, mutation: Mutation): unknown {
  const copy = JSON.parse(JSON.stringify(body));
  const all = paths(copy);
  const path = all[pick % all.length];
  const at = (p: (string | number)[]) => p.reduce<any>((node, key) => node[key], copy); // eslint-disable-line @typescript-eslint/no-explicit-any
  if (mutation.kind === 'add') {
    const target = at(path);
    // defineProperty makes even "__proto__" an own field, as JSON.parse does
    const value = ANY_FIELD[mutation.choice % ANY_FIELD.length];
    if (target && typeof target === 'object' && !Array.isArray(target))
      Object.defineProperty(target, mutation.key, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  }
  if (path.length === 0) return mutation.kind === 'delete' ? undefined : ANY_FIELD[mutation.choice % ANY_FIELD.length];
  const parent = at(path.slice(0, -1));
  const last = path[path.length - 1];
  if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
    return copy;
  }
  const candidates = mutation.kind === 'nearMiss' && nearMisses(parent[last]).length ? nearMisses(parent[last]) : ANY_FIELD;
  parent[last] = candidates[mutation.choice % candidates.length];
  return copy;
}

describe('the batch fast path (fastCheckSubmission)', () => {
  it('accepts generated valid batches, which class-validator accepts with the same data', async () => {
    await fc.assert(
      fc.asyncProperty(submissionArb, async (body) => {
        const plain = JSON.parse(JSON.stringify(body));
        const full = await fullPipeAccepts(plain);
        expect(full.ok).toBe(true);
        expect(fastCheckSubmission(plain)).toBe(plain);
        if (full.ok) expect(JSON.parse(JSON.stringify(full.value))).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts a broken batch that class-validator refuses', async () => {
    let refusedByBoth = 0;
    let acceptedByBoth = 0;
    await fc.assert(
      fc.asyncProperty(submissionArb, fc.nat(), mutationArb, async (body, pick, mutation) => {
        const broken = mutate(body, pick, mutation);
        const fast = fastCheckSubmission(broken);
        const full = await fullPipeAccepts(broken);
        if (fast !== undefined) {
          expect(full.ok).toBe(true);
          if (full.ok) expect(JSON.parse(JSON.stringify(full.value))).toEqual(JSON.parse(JSON.stringify(broken))); // as JSON: -0 and 0 are one number there
          acceptedByBoth += 1;
        } else if (!full.ok) refusedByBoth += 1;
      }),
      { numRuns: 3000 },
    );
    // The mutations must really break batches (and sometimes not), or this test would prove little.
    expect(refusedByBoth).toBeGreaterThan(800);
    expect(acceptedByBoth).toBeGreaterThan(100);
  });

  it('leaves bodies it cannot vouch for to class-validator: arrays for objects, objects with prototypes', () => {
    const valid = {
      episodes: [
        {
          externalId: 'E1',
          patient: { nationalId: '01817512345' },
          admissionDate: '2024-03-02',
          setting: 'inpatient',
          serviceLevel: 'specialist',
          programme: 'stroke',
          mainDiagnosis: 'I63.9',
        },
      ],
    };
    expect(fastCheckSubmission(valid)).toBe(valid);
    expect(fastCheckSubmission({ ...valid, episodes: [{ ...valid.episodes[0], patient: [valid.episodes[0].patient] }] })).toBeUndefined();
    expect(fastCheckSubmission(Object.assign(Object.create({ inherited: true }), valid))).toBeUndefined();
    expect(fastCheckSubmission({ episodes: [] })).toBeUndefined();
    expect(fastCheckSubmission(null)).toBeUndefined();
  });
});
