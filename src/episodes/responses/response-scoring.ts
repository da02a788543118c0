/** From validated answers to the score columns stored with a response (pure). */
import { scoreBarthel } from '../../instruments/barthel.scoring';
import type { BarthelScale } from '../../instruments/barthel.scoring';
import { DEFAULT_VALUE_SET_ID, roundIndex, scoreEq5d } from '../../instruments/eq5d.scoring';
import type { Instrument } from './dto/response.dto';

export interface ResponseScoreColumns {
  eq5dState: string | null;
  eq5dLevelSum: number | null;
  eq5dIndex: number | null;
  eq5dValueSet: string | null;
  eq5dVas: number | null;
  barthelScale: number | null;
  barthelTotal: number | null;
  barthelBand: string | null;
  scoringVersion: string;
}

/** Answers as stored: only the instrument's own items, nulls dropped, in a stable shape. */
export function normalizeAnswers(answers: object): Record<string, number> {
  // A plain loop: this runs for every response of a batch, and entries/filter/fromEntries made it a hot spot.
  const normalized: Record<string, number> = {};
  for (const [key, value] of Object.entries(answers)) if (value !== null && value !== undefined) normalized[key] = value as number;
  return normalized;
}

export function scoreResponse(
  instrument: Instrument,
  answers: Record<string, number>,
  valueSetId = DEFAULT_VALUE_SET_ID,
): ResponseScoreColumns {
  if (instrument === 'eq5d-5l') {
    const scores = scoreEq5d(answers, valueSetId);
    return {
      eq5dState: scores.state,
      eq5dLevelSum: scores.levelSum,
      eq5dIndex: scores.index,
      eq5dValueSet: scores.valueSetId,
      eq5dVas: scores.vas,
      barthelScale: null,
      barthelTotal: null,
      barthelBand: null,
      scoringVersion: scores.scoringVersion,
    };
  }
  const { scale = 100, ...items } = answers as Record<string, number> & { scale?: BarthelScale };
  const scores = scoreBarthel(items, scale);
  return {
    eq5dState: null,
    eq5dLevelSum: null,
    eq5dIndex: null,
    eq5dValueSet: null,
    eq5dVas: null,
    barthelScale: scale,
    barthelTotal: scores.total100,
    barthelBand: scores.band,
    scoringVersion: scores.scoringVersion,
  };
}

/** The scores as shown in responses to clients (index rounded to 3 decimals, per the register's reporting rule). */
export function presentScores(row: ResponseScoreColumns) {
  if (row.barthelScale !== null) {
    return {
      total100: row.barthelTotal,
      total20: row.barthelTotal === null ? null : row.barthelTotal / 5,
      band: row.barthelBand,
      scoringVersion: row.scoringVersion,
    };
  }
  return {
    state: row.eq5dState,
    levelSum: row.eq5dLevelSum,
    index: row.eq5dIndex === null ? null : roundIndex(row.eq5dIndex),
    valueSet: row.eq5dValueSet,
    vas: row.eq5dVas,
    scoringVersion: row.scoringVersion,
  };
}
