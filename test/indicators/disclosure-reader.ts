/**
 * An attacker's audit of published indicator tables, independent of the publishing code: from
 * the tables as a reader gets them (the public API's answers), it writes every equation a reader can
 * (nation = Σ regions, region = Σ its institutions, all = Σ programme groups = Σ settings = Σ service
 * levels, a table not published = zero, the reason of a hidden figure = its side of the threshold)
 * and solves, with javascript-lp-solver (the publishing code uses HiGHS), the smallest and largest
 * value of each hidden count. Counts of one population (countsByPopulation: the specs say which
 * published counts are the same number) are one unknown per table.
 */
import solver, { type Model, type SolveResult } from 'javascript-lp-solver';
import { countsByPopulation } from '../../src/indicators/indicator-specs';

export interface ReaderFigure {
  id: string;
  n: number | null;
  events?: number | null;
  suppressionReason: string | null;
  parts?: { part: string; n: number | null; events?: number | null; suppressionReason: string | null }[];
}

/** One published table as the reader has it; region is the institution's region for institution scopes. */
export interface ReaderTable {
  scope: string;
  breakdown: string;
  region?: string;
  indicators: ReaderFigure[];
}

export interface ReaderInterval {
  population: string;
  scope: string;
  breakdown: string;
  reason: string | null;
  min: number;
  max: number;
}

const FAMILIES = ['programme', 'setting', 'serviceLevel'];

/**
 * What the published definitions say is zero: mRS is of stroke episodes only, the municipality is
 * notified of inpatient discharges only. A reader knows these zeros without any table.
 */
const ONLY_IN: Record<string, string> = {
  stroke: 'programme:stroke',
  mrs_admission: 'programme:stroke',
  mrs_discharge: 'programme:stroke',
  mrs_improvable: 'programme:stroke',
  notice_due: 'setting:inpatient',
};
const zeroByDefinition = (population: string, breakdown: string) =>
  population in ONLY_IN && breakdown.split(':')[0] === ONLY_IN[population].split(':')[0] && breakdown !== ONLY_IN[population];

/** The interval of every hidden count a reader can prove from the tables. */
export function readerIntervals(tables: readonly ReaderTable[], threshold: number): ReaderInterval[] {
  const byKey = new Map(tables.map((t) => [`${t.scope}|${t.breakdown}`, t]));
  const breakdowns = [...new Set(tables.map((t) => t.breakdown))];
  const regions = [...new Set(tables.filter((t) => t.scope.startsWith('region:')).map((t) => t.scope))];
  const institutions = [...new Set(tables.filter((t) => t.scope.startsWith('institution:')).map((t) => t.scope))];
  const regionOf = new Map(tables.filter((t) => t.region).map((t) => [t.scope, `region:${t.region}`]));
  const equations: { total: string; members: string[] }[] = [];
  for (const b of breakdowns) {
    equations.push({ total: `national|${b}`, members: regions.map((r) => `${r}|${b}`) });
    for (const r of regions)
      equations.push({ total: `${r}|${b}`, members: institutions.filter((i) => regionOf.get(i) === r).map((i) => `${i}|${b}`) });
  }
  for (const scope of ['national', ...regions, ...institutions]) {
    for (const family of FAMILIES) {
      equations.push({ total: `${scope}|all`, members: breakdowns.filter((b) => b.startsWith(`${family}:`)).map((b) => `${scope}|${b}`) });
    }
  }
  // A scope known to have no episodes: one that publishes no breakdown table (a scope with episodes
  // has a programme group). Its counts are known zeros, not hidden ones.
  const withBreakdowns = new Set(tables.filter((t) => t.breakdown !== 'all').map((t) => t.scope));
  const empty = new Set(tables.filter((t) => !withBreakdowns.has(t.scope)).map((t) => t.scope));
  const out: ReaderInterval[] = [];
  for (const [population, counts] of countsByPopulation()) {
    // What the reader sees of this population in each table: a number, or a hidden count with a reason.
    const known = new Map<string, number>();
    const hidden = new Map<string, string | null>();
    for (const [key, t] of byKey) {
      let value: number | undefined;
      let reason: string | null | undefined;
      for (const c of counts) {
        const [id, part] = c.figure.split(':');
        const top = t.indicators.find((f) => f.id === id);
        const f = part ? top?.parts?.find((p) => p.part === part) : top;
        if (!f) continue;
        const shown = c.count === 'n' ? f.n : f.events;
        if (shown !== null && shown !== undefined) value = shown;
        else if (c.count === 'n' && f.suppressionReason && reason === undefined) reason = f.suppressionReason;
      }
      if (empty.has(t.scope) || zeroByDefinition(population, t.breakdown)) known.set(key, 0);
      else if (value !== undefined) known.set(key, value);
      else hidden.set(key, reason ?? null);
    }
    const valueOf = (key: string) => (byKey.has(key) ? known.get(key) : 0);
    const linked = equations.filter((e) => [e.total, ...e.members].some((k) => hidden.has(k)));
    for (const [key, reason] of hidden) {
      const mine = linked.filter((e) => e.total === key || e.members.includes(key));
      if (!mine.length) continue; // nothing relates it to anything shown
      const model = (sense: 'max' | 'min'): Model => {
        const constraints: Model['constraints'] = {};
        const variables: Model['variables'] = {};
        const variable = (k: string) => (variables[k] ??= {});
        linked.forEach((e, i) => {
          let rhs = 0;
          for (const [k, c] of [[e.total, -1] as const, ...e.members.map((m) => [m, 1] as const)]) {
            const v = valueOf(k);
            if (v === undefined) variable(k)[`e${i}`] = c;
            else rhs -= c * v;
          }
          constraints[`e${i}`] = { equal: rhs };
        });
        for (const [k, r] of hidden) {
          if (!variables[k]) continue;
          const [low, high] = r === 'small_n' ? [0, threshold - 1] : r === 'secondary' ? [threshold, Infinity] : [0, Infinity];
          variables[k][`low ${k}`] = 1;
          constraints[`low ${k}`] = { min: low };
          if (high !== Infinity) {
            variables[k][`high ${k}`] = 1;
            constraints[`high ${k}`] = { max: high };
          }
        }
        variable(key).objective = 1;
        return { optimize: 'objective', opType: sense, constraints, variables };
      };
      const max = solver.Solve(model('max')) as SolveResult;
      const min = solver.Solve(model('min')) as SolveResult;
      if (!max.feasible || !min.feasible) throw new Error(`the published tables are inconsistent for ${population} at ${key}`);
      // A count proven to be zero is an empty group (no stroke episodes, so no mRS): no one to single out.
      if (max.result === 0) continue;
      const [scope, breakdown] = key.split('|');
      out.push({ population, scope, breakdown, reason, min: min.result, max: max.bounded === false ? Infinity : max.result });
    }
  }
  return out;
}

/**
 * What a reader of the published tables must not find: a shown count below the threshold
 * (participation and coverage count institutions and expected episodes, not patients), or a hidden
 * count proven to within less than ± the margin.
 */
export function expectProtected(tables: readonly ReaderTable[], threshold: number, margin: number): void {
  for (const table of tables) {
    for (const f of table.indicators.filter((i) => !['completeness.participation', 'completeness.coverage'].includes(i.id))) {
      for (const shown of [f, ...(f.parts ?? [])]) {
        if (shown.n !== null)
          expect({ where: `${table.scope} ${table.breakdown} ${f.id}`, small: shown.n < threshold }).toMatchObject({ small: false });
      }
    }
  }
  const intervals = readerIntervals(tables, threshold);
  expect(intervals.length).toBeGreaterThan(0);
  for (const interval of intervals) {
    expect({ ...interval, wideEnough: interval.max - interval.min >= 2 * margin - 1e-6 }).toEqual({ ...interval, wideEnough: true });
  }
}
