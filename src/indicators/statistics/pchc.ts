/**
 * Paretian Classification of Health Change for EQ-5D profiles (Devlin, Parkin & Browne 2010,
 * Health Economics 19:886–905). It compares the five dimension levels directly, so it needs no
 * value set: a profile is better when at least one dimension improves and none worsens.
 */
import { proportionWithCi, type ProportionSummary } from './summary';

export type PchcClass = 'better' | 'worse' | 'mixed' | 'unchanged';

export const PCHC_CLASSES: readonly PchcClass[] = ['better', 'worse', 'mixed', 'unchanged'];

/** A pair of EQ-5D-5L states written as five digits 1–5 (MO SC UA PD AD), e.g. '21232' → '11121'. */
export interface ProfilePair {
  before: string;
  after: string;
}

export interface PchcShares {
  n: number;
  /** Count and share (with Wilson 95% CI) of each class; shares sum to 1. */
  classes: Record<PchcClass, ProportionSummary>;
}

const PROFILE = /^[1-5]{5}$/;

/**
 * Classifies the change from `before` to `after`; a lower level is better (1 = no problems).
 * 'unchanged' includes 11111 → 11111, patients who could not have improved; a report that wants
 * them apart can count them from the profiles.
 */
export function classifyHealthChange(before: string, after: string): PchcClass {
  assertProfile(before);
  assertProfile(after);
  let improved = false;
  let worsened = false;
  for (let dimension = 0; dimension < 5; dimension++) {
    const delta = Number(after[dimension]) - Number(before[dimension]);
    if (delta < 0) improved = true;
    if (delta > 0) worsened = true;
  }
  if (improved && worsened) return 'mixed';
  if (improved) return 'better';
  if (worsened) return 'worse';
  return 'unchanged';
}

/** Shares of better / worse / mixed / unchanged among paired profiles. */
export function pchcShares(pairs: readonly ProfilePair[]): PchcShares {
  const counts: Record<PchcClass, number> = { better: 0, worse: 0, mixed: 0, unchanged: 0 };
  for (const pair of pairs) counts[classifyHealthChange(pair.before, pair.after)] += 1;
  return pchcSharesFromCounts(counts);
}

/** The same shares from counts per class, for when SQL has already counted them. */
export function pchcSharesFromCounts(counts: Readonly<Record<PchcClass, number>>): PchcShares {
  const n = counts.better + counts.worse + counts.mixed + counts.unchanged;
  return {
    n,
    classes: {
      better: proportionWithCi(counts.better, n),
      worse: proportionWithCi(counts.worse, n),
      mixed: proportionWithCi(counts.mixed, n),
      unchanged: proportionWithCi(counts.unchanged, n),
    },
  };
}

function assertProfile(profile: string): void {
  if (!PROFILE.test(profile)) throw new RangeError(`not an EQ-5D-5L profile (five digits 1–5): '${profile}'`);
}
