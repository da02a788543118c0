/**
 * From validated answers to the score columns stored with a response, and back to the scores shown
 * (pure). One scorer per instrument in SCORERS: a new instrument is its definition (src/instruments/),
 * its answers DTO and an entry here.
 */
import { scoreBarthel } from '../../instruments/barthel.scoring';
import type { BarthelScale } from '../../instruments/barthel.scoring';
import { DEFAULT_VALUE_SET_ID, roundIndex, scoreEq5d } from '../../instruments/eq5d.scoring';
import { scoreMrs } from '../../instruments/mrs.scoring';
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
  mrsScore: number | null;
  scoringVersion: string;
}

const NO_SCORES: Omit<ResponseScoreColumns, 'scoringVersion'> = {
  eq5dState: null,
  eq5dLevelSum: null,
  eq5dIndex: null,
  eq5dValueSet: null,
  eq5dVas: null,
  barthelScale: null,
  barthelTotal: null,
  barthelBand: null,
  mrsScore: null,
};

/** Answers as stored: only the instrument's own items, nulls dropped, in a stable shape. */
export function normalizeAnswers(answers: object): Record<string, number> {
  // A plain loop: this runs for every response of a batch, and entries/filter/fromEntries made it a hot spot.
  const normalized: Record<string, number> = {};
  for (const [key, value] of Object.entries(answers)) if (value !== null && value !== undefined) normalized[key] = value as number;
  return normalized;
}

interface Scorer {
  score(answers: Record<string, number>, valueSetId: string): ResponseScoreColumns;
  /** The scores as shown in responses to clients. */
  present(row: ResponseScoreColumns): Record<string, unknown> & { scoringVersion: string };
}

const SCORERS: Record<Instrument, Scorer> = {
  'eq5d-5l': {
    score(answers, valueSetId) {
      const scores = scoreEq5d(answers, valueSetId);
      return {
        ...NO_SCORES,
        eq5dState: scores.state,
        eq5dLevelSum: scores.levelSum,
        eq5dIndex: scores.index,
        eq5dValueSet: scores.valueSetId,
        eq5dVas: scores.vas,
        scoringVersion: scores.scoringVersion,
      };
    },
    // index rounded to 3 decimals, per the register's reporting rule
    present: (row) => ({
      state: row.eq5dState,
      levelSum: row.eq5dLevelSum,
      index: row.eq5dIndex === null ? null : roundIndex(row.eq5dIndex),
      valueSet: row.eq5dValueSet,
      vas: row.eq5dVas,
      scoringVersion: row.scoringVersion,
    }),
  },
  barthel: {
    score(answers) {
      const { scale = 100, ...items } = answers as Record<string, number> & { scale?: BarthelScale };
      const scores = scoreBarthel(items, scale);
      return {
        ...NO_SCORES,
        barthelScale: scale,
        barthelTotal: scores.total100,
        barthelBand: scores.band,
        scoringVersion: scores.scoringVersion,
      };
    },
    present: (row) => ({
      total100: row.barthelTotal,
      total20: row.barthelTotal === null ? null : row.barthelTotal / 5,
      band: row.barthelBand,
      scoringVersion: row.scoringVersion,
    }),
  },
  mrs: {
    score(answers) {
      const scores = scoreMrs(answers);
      return { ...NO_SCORES, mrsScore: scores.score, scoringVersion: scores.scoringVersion };
    },
    present: (row) => ({ score: row.mrsScore, scoringVersion: row.scoringVersion }),
  },
};

export function scoreResponse(
  instrument: Instrument,
  answers: Record<string, number>,
  valueSetId = DEFAULT_VALUE_SET_ID,
): ResponseScoreColumns {
  return SCORERS[instrument].score(answers, valueSetId);
}

/** The scores as shown in responses to clients. */
export function presentScores(instrument: Instrument, row: ResponseScoreColumns) {
  return SCORERS[instrument].present(row);
}
