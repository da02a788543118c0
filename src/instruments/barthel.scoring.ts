/** Barthel index scoring as pure functions: 100-point total, 20-point total (Collin & Wade) and band. */
import type { AnswerProblem } from './instrument-definitions';

/** Stored with every score, so a later change of the rules can find and re-score old rows. */
export const BARTHEL_SCORING_VERSION = 'barthel/1';

/** Each item's allowed values on the 100-point scale; the 20-point scale is the same divided by 5. */
export const BARTHEL_ITEMS = {
  feeding: [0, 5, 10],
  bathing: [0, 5],
  grooming: [0, 5],
  dressing: [0, 5, 10],
  bowels: [0, 5, 10],
  bladder: [0, 5, 10],
  toiletUse: [0, 5, 10],
  transfers: [0, 5, 10, 15],
  mobility: [0, 5, 10, 15],
  stairs: [0, 5, 10],
} as const satisfies Record<string, readonly number[]>;

export type BarthelItem = keyof typeof BARTHEL_ITEMS;
export const BARTHEL_ITEM_IDS = Object.keys(BARTHEL_ITEMS) as BarthelItem[];
export type BarthelScale = 100 | 20;
export type BarthelBand = 'total' | 'severe' | 'moderate' | 'slight' | 'independent';

/** Answers as submitted, on the scale named alongside; a missing or null item means "not answered". */
export type BarthelAnswers = { [I in BarthelItem]?: number | null };

export interface BarthelScores {
  total100: number | null;
  total20: number | null;
  band: BarthelBand | null;
  scale: BarthelScale;
  scoringVersion: string;
}

export function barthelAllowedValues(item: BarthelItem, scale: BarthelScale): readonly number[] {
  const values: readonly number[] = BARTHEL_ITEMS[item];
  return scale === 100 ? values : values.map((value) => value / 5);
}

/** Dependence bands of DOMAIN.md, from the 100-point total. */
export function barthelBand(total100: number): BarthelBand {
  if (total100 <= 20) return 'total';
  if (total100 <= 60) return 'severe';
  if (total100 <= 90) return 'moderate';
  if (total100 <= 99) return 'slight';
  return 'independent';
}

function isItem(item: string): item is BarthelItem {
  return Object.hasOwn(BARTHEL_ITEMS, item);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Problems with answers as received (any shape), one per item, naming the allowed values. A value
 * that belongs to the other scale says so, since a wrong scale flag is the likeliest cause.
 * Missing or null items are not problems: they only mean no total.
 */
export function barthelAnswerProblems(answers: object, scale: BarthelScale): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  for (const [item, value] of Object.entries(answers) as [string, unknown][]) {
    if (value === undefined || value === null) continue;
    if (!isItem(item)) {
      problems.push({ item, message: `"${item}" is not a Barthel item; the items are ${BARTHEL_ITEM_IDS.join(', ')}` });
      continue;
    }
    const allowed = barthelAllowedValues(item, scale);
    if (typeof value === 'number' && allowed.includes(value)) continue;
    const otherScale: BarthelScale = scale === 100 ? 20 : 100;
    const hint =
      typeof value === 'number' && barthelAllowedValues(item, otherScale).includes(value)
        ? `; ${value} is a value of the ${otherScale}-point scale, so check which scale the answers are on`
        : '';
    problems.push({
      item,
      message: `${item} must be one of ${allowed.join(', ')} on the ${scale}-point scale (got ${shown(value)})${hint}`,
    });
  }
  return problems;
}

/**
 * Scores answers already checked with barthelAnswerProblems; a value that is not allowed throws
 * rather than produce a total that could be stored.
 */
export function scoreBarthel(answers: BarthelAnswers, scale: BarthelScale): BarthelScores {
  const problems = barthelAnswerProblems(answers, scale).filter((p) => isItem(p.item));
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join('; '));

  const values = BARTHEL_ITEM_IDS.map((item) => answers[item]);
  const complete = values.every((value): value is number => typeof value === 'number');
  const sum = complete ? values.reduce((total, value) => total + value, 0) : null;
  // On the 100-point scale every value is a multiple of 5, so both totals are whole numbers.
  const total100 = sum === null ? null : scale === 100 ? sum : sum * 5;
  return {
    total100,
    total20: total100 === null ? null : total100 / 5,
    band: total100 === null ? null : barthelBand(total100),
    scale,
    scoringVersion: BARTHEL_SCORING_VERSION,
  };
}
