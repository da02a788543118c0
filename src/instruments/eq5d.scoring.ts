/**
 * EQ-5D-5L scoring as pure functions: the five-digit health state, the level sum score and the
 * index from one of the published value sets shipped in ./data (formula: shared/data/README.md).
 */
import valueSetsFile from './data/eq5d-5l-value-sets.json';
import type { AnswerProblem } from './instrument-definitions';

/** Stored with every score, so a later change of the formula can find and re-score old rows. */
export const EQ5D_SCORING_VERSION = 'eq5d-5l/1';

/** In the order of the five-digit state (MO SC UA PD AD). */
export const EQ5D_DIMENSIONS = ['mobility', 'selfCare', 'usualActivities', 'painDiscomfort', 'anxietyDepression'] as const;
export type Eq5dDimension = (typeof EQ5D_DIMENSIONS)[number];
export type Eq5dLevel = 1 | 2 | 3 | 4 | 5;
export type Eq5dLevels = Readonly<Record<Eq5dDimension, Eq5dLevel>>;

/** Answers as submitted: a missing or null dimension means "not answered". */
export type Eq5dAnswers = { [D in Eq5dDimension]?: number | null } & { vas?: number | null };

export interface Eq5dScores {
  state: string | null;
  levelSum: number | null;
  /** Unrounded, for storage; null when a dimension is missing. */
  index: number | null;
  indexRounded: number | null;
  vas: number | null;
  valueSetId: string;
  scoringVersion: string;
}

export interface Eq5dValueSetInfo {
  id: string;
  name: string;
  doi: string | null;
  pubmed: string | null;
  url: string | null;
}

interface Eq5dValueSet extends Eq5dValueSetInfo {
  /** `undefined` because TypeScript reads the JSON's sets as having each other's names optional; absent = 0. */
  coefficients: Readonly<Record<string, number | undefined>>;
}

export interface Eq5dValueSetsFile {
  default: string;
  valueSets: readonly Eq5dValueSet[];
}

export class UnknownValueSetError extends Error {
  constructor(readonly valueSetId: string) {
    super(
      `Unknown EQ-5D-5L value set "${valueSetId}". Use one of the ${valueSets.size} value set ids ` +
        `listed with the EQ-5D-5L instrument definition (listValueSets()), for example ` +
        `"${DEFAULT_VALUE_SET_ID}" (the register's default), "sweden-2022" or "japan-ctto".`,
    );
    this.name = 'UnknownValueSetError';
  }
}

/** Coefficient-name prefix of each dimension, in state order. */
const CODES = ['MO', 'SC', 'UA', 'PD', 'AD'] as const;

/**
 * Every coefficient name the formula uses. A set carrying any other name would be scored without
 * that term, silently wrong, so loading refuses it instead.
 */
const KNOWN_COEFFICIENT = /^(StartValue|Intercept|Num45sq|N4|N5|MOAD|PDAD|(MO|SC|UA|PD|AD)([1-5]|45))$/;

export function unknownCoefficientNames(coefficients: Readonly<Record<string, number | undefined>>): string[] {
  return Object.keys(coefficients).filter((name) => !KNOWN_COEFFICIENT.test(name));
}

/** Checks the whole file once at start-up; a broken value-set file must stop the service, not skew scores. */
export function loadValueSets(file: Eq5dValueSetsFile): Map<string, Eq5dValueSet> {
  const sets = new Map<string, Eq5dValueSet>();
  for (const set of file.valueSets) {
    const problems = unknownCoefficientNames(set.coefficients).map((name) => `unknown coefficient "${name}"`);
    if (typeof set.coefficients.StartValue !== 'number') problems.push('no StartValue');
    for (const [name, value] of Object.entries(set.coefficients)) {
      if (!Number.isFinite(value)) problems.push(`coefficient "${name}" is not a finite number`);
    }
    if (sets.has(set.id)) problems.push('id used twice');
    if (problems.length > 0) {
      throw new Error(`EQ-5D-5L value set "${set.id}" cannot be scored: ${problems.join('; ')}`);
    }
    sets.set(set.id, set);
  }
  if (!sets.has(file.default)) throw new Error(`EQ-5D-5L default value set "${file.default}" is not in the file`);
  return sets;
}

const valueSets = loadValueSets(valueSetsFile);

export const DEFAULT_VALUE_SET_ID: string = valueSetsFile.default;

export function isKnownValueSet(id: string): boolean {
  return valueSets.has(id);
}

export function listValueSets(): Eq5dValueSetInfo[] {
  return [...valueSets.values()].map(({ id, name, doi, pubmed, url }) => ({ id, name, doi, pubmed, url }));
}

/** Exactly five digits 1-5 (e.g. "11111"); anything else is null. */
export function parseEq5dState(text: string): Eq5dLevels | null {
  if (typeof text !== 'string' || !/^[1-5]{5}$/.test(text)) return null;
  const entries = EQ5D_DIMENSIONS.map((dimension, i) => [dimension, Number(text[i]) as Eq5dLevel]);
  return Object.fromEntries(entries) as Eq5dLevels;
}

function isDimension(item: string): item is Eq5dDimension {
  return (EQ5D_DIMENSIONS as readonly string[]).includes(item);
}

function isLevel(value: unknown): value is Eq5dLevel {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;
}

/**
 * The five levels in state order, or null if any dimension is missing. A present but impossible
 * level throws: scoring expects answers checked with eq5dAnswerProblems, and must never store a
 * score computed from one.
 */
function levelsOf(answers: Eq5dAnswers): Eq5dLevel[] | null {
  // Unknown extra keys are left to request validation; they do not change a score.
  const problems = eq5dAnswerProblems(answers).filter((p) => p.item === 'vas' || isDimension(p.item));
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join('; '));
  const levels = EQ5D_DIMENSIONS.map((dimension) => answers[dimension]);
  return levels.every(isLevel) ? levels : null;
}

const stateOf = (levels: Eq5dLevel[] | null): string | null => levels?.join('') ?? null;
const levelSumOf = (levels: Eq5dLevel[] | null): number | null => levels?.reduce<number>((sum, level) => sum + level, 0) ?? null;

export function eq5dState(answers: Eq5dAnswers): string | null {
  return stateOf(levelsOf(answers));
}

export function eq5dLevelSum(answers: Eq5dAnswers): number | null {
  return levelSumOf(levelsOf(answers));
}

function valueSet(valueSetId: string): Eq5dValueSet {
  const set = valueSets.get(valueSetId);
  if (!set) throw new UnknownValueSetError(valueSetId);
  return set;
}

/** The unrounded index of a five-digit state with one value set's coefficients (absent ones count as 0). */
export function eq5dIndex(state: string, valueSetId: string = DEFAULT_VALUE_SET_ID): number {
  const set = valueSet(valueSetId);
  const parsed = parseEq5dState(state);
  if (!parsed) throw new RangeError(`EQ-5D-5L state must be five digits 1-5, such as "11111" (got "${state}")`);
  const levels = EQ5D_DIMENSIONS.map((dimension) => parsed[dimension]);
  const c = (name: string): number => set.coefficients[name] ?? 0;

  let index = c('StartValue');
  let at4or5 = 0;
  levels.forEach((level, i) => {
    index += c(`${CODES[i]}${level}`);
    if (level >= 4) {
      at4or5 += 1;
      index += c(`${CODES[i]}45`);
    }
  });
  if (levels.some((level) => level > 1)) index += c('Intercept');
  if (at4or5 >= 1) index += c('Num45sq') * (at4or5 - 1) ** 2 + c('N4');
  if (levels.includes(5)) index += c('N5');
  const [mo, , , pd, ad] = levels;
  index += c('MOAD') * (mo - 1) * (ad - 1) + c('PDAD') * (pd - 1) * (ad - 1);
  return index;
}

/**
 * Three decimals, halves away from zero. Coefficients have at most 9 decimals, so the exact index
 * has at most 10: snapping to whole ten-billionths first removes binary floating-point noise, which
 * would otherwise decide which way an exact half (e.g. japan-ctto 55555 = -0.0255) goes.
 */
export function roundIndex(index: number): number {
  const tenBillionths = Math.round(Math.abs(index) * 1e10);
  const thousandths = Math.floor((tenBillionths + 5_000_000) / 10_000_000);
  return (Math.sign(index) * thousandths) / 1000 + 0; // + 0 turns -0 into 0
}

export function scoreEq5d(answers: Eq5dAnswers, valueSetId: string = DEFAULT_VALUE_SET_ID): Eq5dScores {
  valueSet(valueSetId); // an unknown set fails even when there is no index, so it is never stored
  const levels = levelsOf(answers); // once: a batch scores thousands of answers
  const state = stateOf(levels);
  const index = state === null ? null : eq5dIndex(state, valueSetId);
  return {
    state,
    levelSum: levelSumOf(levels),
    index,
    indexRounded: index === null ? null : roundIndex(index),
    vas: answers.vas ?? null,
    valueSetId,
    scoringVersion: EQ5D_SCORING_VERSION,
  };
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Problems with answers as received (any shape), one per item, in words a person can act on.
 * Missing or null items are not problems: they only mean no index (or no VAS).
 */
export function eq5dAnswerProblems(answers: object): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  for (const [item, value] of Object.entries(answers) as [string, unknown][]) {
    if (value === undefined || value === null) continue;
    if (isDimension(item)) {
      if (!isLevel(value)) {
        problems.push({ item, message: `${item} must be a whole number from 1 to 5 (got ${shown(value)})` });
      }
    } else if (item === 'vas') {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 100) {
        problems.push({ item, message: `vas must be a whole number from 0 to 100 (got ${shown(value)})` });
      }
    } else {
      problems.push({
        item,
        message: `"${item}" is not an EQ-5D-5L item; the items are ${EQ5D_DIMENSIONS.join(', ')} and vas`,
      });
    }
  }
  return problems;
}
