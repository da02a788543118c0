/**
 * Every count a publication shows, and every additive relation between them, as one linked table
 * per population (indicator-spec.ts, Population): counts of one population are the same number in
 * every figure that shows them (the n of eq5d.index_change and the paired EQ-5D-5L numerator of
 * completeness.paired), so they are hidden or shown together. The relations a reader can use:
 *   nation = Σ regions and region = Σ its institutions, per breakdown;
 *   all = Σ programme groups = Σ settings = Σ service levels, per scope;
 *   the registered episodes of coverage = Σ the episodes of the institutions with an expected count;
 *   a table that is not published (no episodes) is zero, and so is a scope without episodes
 *   (participation says whether an institution reported) and a population outside the breakdown
 *   its definition limits it to (mRS outside stroke): those are known, not cells.
 * Pure; publication-tables.ts builds it from the sums it publishes.
 */
import { INDICATOR_SPECS } from '../indicator-specs';
import type { Count, Population } from '../indicator-spec';
import type { CellMeasure } from '../indicator-specs';
import type { Sums } from '../cube/cube-cells';
import type { LinkedTable, TableCell, TableEquation } from '../statistics/suppression';

/** The figures (`id` or `id:part`) that show a population's count, as their n or as their numerator. */
export interface PopulationFigures {
  population: Population;
  /** Figures whose n is this count: their suppression reason tells the reader its side of the threshold. */
  asN: string[];
  asEvents: string[];
  counts: Count<CellMeasure>[];
}

/** Each population that some figure shows, with every count function that gives it. */
export const POPULATION_FIGURES: readonly PopulationFigures[] = populationFigures();

/**
 * Populations contained in others, by their definitions (indicator-spec.ts): a hidden count is at
 * most a shown count of a population it lies in, and at least a shown count of one inside it.
 * Every population lies in the episodes.
 */
export const CONTAINED_IN: Readonly<Partial<Record<Population, readonly Population[]>>> = {
  eq5d_paired: ['eq5d_admission', 'eq5d_discharge'],
  vas_paired: ['vas_admission', 'vas_discharge'],
  barthel_paired: ['barthel_admission', 'barthel_discharge'],
  mrs_admission: ['stroke'],
  mrs_discharge: ['stroke'],
  mrs_improvable: ['mrs_admission', 'mrs_discharge'],
};

/**
 * Populations that are zero outside one breakdown by their definition (sql/indicator_fill_cube.sql):
 * mRS is asked of stroke episodes only, the municipality is notified of inpatient discharges only.
 * A reader knows those zeros from the definitions, so they are not hidden counts to protect.
 */
const ONLY_IN: Readonly<Partial<Record<Population, { family: string; value: string }>>> = {
  stroke: { family: 'programme', value: 'stroke' },
  mrs_admission: { family: 'programme', value: 'stroke' },
  mrs_discharge: { family: 'programme', value: 'stroke' },
  mrs_improvable: { family: 'programme', value: 'stroke' },
  notice_due: { family: 'setting', value: 'inpatient' },
};

function zeroByDefinition(population: Population, breakdown: string): boolean {
  const only = ONLY_IN[population];
  const [family, value] = breakdown.split(':');
  return Boolean(only && family === only.family && value !== only.value);
}

export interface DisclosureTable extends LinkedTable {
  population: Population;
}

export interface DisclosureScopes {
  /** Every published scope key with its table sums by breakdown key (absent: no table). */
  sums: (scope: string, breakdown: string) => Sums | undefined;
  regions: readonly string[];
  institutionsByRegion: ReadonlyMap<string, readonly string[]>;
  breakdowns: readonly string[];
  /** Institutions whose episodes count in the coverage of their scopes (an expected count is set). */
  coverageInstitutions: ReadonlySet<string>;
  threshold: number;
}

export function cellId(scope: string, breakdown: string): string {
  return `${scope}|${breakdown}`;
}

/** The coverage count of a scope is a cell of the episodes table under this breakdown name. */
export const COVERAGE_BREAKDOWN = 'coverage';

export function buildDisclosureTables(s: DisclosureScopes): DisclosureTable[] {
  const scopes = [
    'national',
    ...s.regions.map((r) => `region:${r}`),
    ...[...s.institutionsByRegion.values()].flat().map((i) => `institution:${i}`),
  ];
  return POPULATION_FIGURES.map((figures) => {
    const cells = new Map<string, TableCell>();
    for (const scope of scopes) {
      for (const breakdown of s.breakdowns) {
        const sums = s.sums(scope, breakdown);
        if (!sums || sums.episodes === 0 || zeroByDefinition(figures.population, breakdown)) continue;
        const counts = figures.counts.map((count) => count(sums));
        cells.set(cellId(scope, breakdown), {
          id: cellId(scope, breakdown),
          n: counts[0],
          small: counts.some((n) => n < s.threshold),
          // A table's existence tells nothing: a scope without episodes in a breakdown answers like
          // one whose few episodes are hidden (every figure small_n), so no count is known to be ≥ 1.
          floor: 0,
          reasonTells: figures.asN.length > 0,
        });
      }
    }
    const equations = [...hierarchyEquations(s), ...breakdownEquations(s, scopes)];
    if (figures.population === 'episodes') equations.push(...coverageEquations(s, scopes, cells));
    return { population: figures.population, equations: withoutKnownZeros(equations, cells), cells };
  });
}

function hierarchyEquations(s: DisclosureScopes): TableEquation[] {
  return s.breakdowns.flatMap((b) => [
    { total: cellId('national', b), members: s.regions.map((r) => cellId(`region:${r}`, b)) },
    ...s.regions.map((r) => ({
      total: cellId(`region:${r}`, b),
      members: (s.institutionsByRegion.get(r) ?? []).map((i) => cellId(`institution:${i}`, b)),
    })),
  ]);
}

function breakdownEquations(s: DisclosureScopes, scopes: readonly string[]): TableEquation[] {
  const families = [...new Set(s.breakdowns.filter((b) => b !== 'all').map((b) => b.split(':')[0]))];
  return scopes.flatMap((scope) =>
    families.map((family) => ({
      total: cellId(scope, 'all'),
      members: s.breakdowns.filter((b) => b.startsWith(`${family}:`)).map((b) => cellId(scope, b)),
    })),
  );
}

/** Coverage shows the registered episodes of a scope's institutions that have an expected count. */
function coverageEquations(s: DisclosureScopes, scopes: readonly string[], cells: Map<string, TableCell>): TableEquation[] {
  const institutionsOf = (scope: string): string[] => {
    const [kind, key] = scope.split(':');
    if (kind === 'institution') return [key];
    if (kind === 'region') return [...(s.institutionsByRegion.get(key) ?? [])];
    return [...s.institutionsByRegion.values()].flat();
  };
  const equations: TableEquation[] = [];
  for (const scope of scopes) {
    const members = institutionsOf(scope)
      .filter((i) => s.coverageInstitutions.has(i))
      .map((i) => cellId(`institution:${i}`, 'all'));
    const n = members.reduce((sum, id) => sum + (cells.get(id)?.n ?? 0), 0);
    if (n === 0) continue; // no registered episodes: nothing to hide, and the scope's count is known
    const id = cellId(scope, COVERAGE_BREAKDOWN);
    cells.set(id, { id, n, small: n < s.threshold, floor: 0, reasonTells: false });
    equations.push({ total: id, members });
  }
  return equations;
}

/**
 * Members that are not cells are known zeros; an equation of no cells says nothing. Totals of the
 * same members are the same count (a region of one institution, the coverage of a region where
 * every institution has an expected count, the nation's coverage where only one region's do):
 * each is made an equation of the other, so that secondary suppression hides them together.
 */
function withoutKnownZeros(equations: TableEquation[], cells: Map<string, TableCell>): TableEquation[] {
  // Every count that is not a cell is a known zero. So is a total of no cells (the mRS of an
  // institution without stroke episodes), and so is each member of a zero total (counts are not
  // negative): repeated, as each zero can make more.
  for (let changed = true; changed;) {
    const zeros = new Set<string>();
    for (const e of equations) {
      const members = e.members.filter((id) => cells.has(id));
      if (!cells.has(e.total)) members.forEach((id) => zeros.add(id));
      else if (members.length === 0) zeros.add(e.total);
    }
    // (A count that is not zero after all is data the definitions do not describe: it stays a cell.)
    for (const id of [...zeros]) if (cells.get(id)!.n !== 0) zeros.delete(id);
    for (const id of zeros) cells.delete(id);
    changed = zeros.size > 0;
  }
  const kept = equations
    .filter((e) => cells.has(e.total))
    .map((e) => ({ total: e.total, members: e.members.filter((id) => cells.has(id)) }));
  const totalsByMembers = new Map<string, Set<string>>();
  for (const e of kept) {
    const key = [...e.members].sort().join(',');
    totalsByMembers.set(key, (totalsByMembers.get(key) ?? new Set()).add(e.total));
  }
  const same = [...totalsByMembers.values()].filter((totals) => totals.size > 1).map((totals) => [...totals]);
  return [...kept, ...same.flatMap((totals) => totals.slice(1).map((total) => ({ total, members: [totals[0]] })))];
}

function populationFigures(): PopulationFigures[] {
  const byPopulation = new Map<Population, PopulationFigures>();
  const entry = (population: Population) => {
    let f = byPopulation.get(population);
    if (!f) byPopulation.set(population, (f = { population, asN: [], asEvents: [], counts: [] }));
    return f;
  };
  for (const spec of INDICATOR_SPECS) {
    if (spec.n) {
      entry(spec.n.population).asN.push(spec.id);
      entry(spec.n.population).counts.push(spec.n.count);
    }
    for (const part of spec.parts ?? []) {
      const key = `${spec.id}:${part.part}`;
      entry(part.n.population).asN.push(key);
      entry(part.n.population).counts.push(part.n.count);
      if (part.eventsPopulation) {
        entry(part.eventsPopulation).asEvents.push(key);
        entry(part.eventsPopulation).counts.push(part.events);
      }
    }
  }
  return [...byPopulation.values()];
}
