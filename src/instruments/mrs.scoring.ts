/** Modified Rankin Scale as a pure function: one clinician-rated grade, 0 (no symptoms) to 6 (dead). */
import type { AnswerProblem } from './instrument-definitions';

/** Stored with every score, so a later change of the rules can find and re-score old rows. */
export const MRS_SCORING_VERSION = 'mrs/1';
export const MRS_GRADES = [0, 1, 2, 3, 4, 5, 6] as const;
export type MrsGrade = (typeof MRS_GRADES)[number];

/** Answers as submitted: the one item `score`; missing or null means "not rated". */
export interface MrsAnswers {
  score?: number | null;
}

export interface MrsScores {
  score: MrsGrade | null;
  scoringVersion: string;
}

export function isMrsGrade(value: unknown): value is MrsGrade {
  return (MRS_GRADES as readonly unknown[]).includes(value);
}

/** Problems with answers as received (any shape): an unknown item, or a grade that is not a whole number 0-6. */
export function mrsAnswerProblems(answers: object): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  for (const [item, value] of Object.entries(answers) as [string, unknown][]) {
    if (item !== 'score') problems.push({ item, message: `"${item}" is not an mRS item; the only item is score` });
    else if (value !== null && value !== undefined && !isMrsGrade(value))
      problems.push({ item, message: `score must be a whole number from 0 to 6 (got ${JSON.stringify(value)})` });
  }
  return problems;
}

/** Scores answers already checked with mrsAnswerProblems; a grade out of range throws rather than be stored. */
export function scoreMrs(answers: MrsAnswers): MrsScores {
  const problems = mrsAnswerProblems(answers);
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join('; '));
  const score = answers.score;
  return { score: isMrsGrade(score) ? score : null, scoringVersion: MRS_SCORING_VERSION };
}
