/** The parameters of the indicator definitions that an administrator may change, and their defaults. */

/** Settings an administrator may change; every figure is computed with the values in force. */
export interface IndicatorParameters {
  /**
   * Minimal important difference in EQ-5D-5L index (eq5d.improved). 0.08: anchor-based MIDs for the
   * EQ-5D index cluster around 0.07–0.08 (Walters & Brazier 2005, Qual Life Res 14:1523: mean 0.074),
   * and it sits just above the instrument-defined 5L estimates of 0.037–0.069 across value sets
   * (McClure et al. 2017, Value Health 20:644), so counted improvements are not measurement noise.
   */
  eq5dMid: number;
  /** Important ADL improvement on the 100-point Barthel index (barthel.improved). */
  barthelMcid: number;
  /** Discharge Barthel at or above which a patient counts as independent (barthel.independent). */
  barthelIndependenceThreshold: number;
  /** Coverage (dekningsgrad) below which an institution's results are marked, as a share. */
  coverageWarning: number;
  /** Published cells with n below this are suppressed (Directorate of Health rule for published statistics). */
  suppressionThreshold: number;
  /**
   * Funnels: the between-institution variance (τ²) that widens overdispersed limits is estimated
   * only from at least this many institutions; with fewer, the limits are not widened and the
   * funnel says so. Two or three institutions give τ² no stable estimate (Spiegelhalter 2005).
   */
  overdispersionMinInstitutions: number;
  /**
   * Live figures of another region or the nation (before publication) need at least this many
   * contributing institutions, none with more than `liveMaxContributorShare` of the episodes
   * (docs/indicators.md, "Live figures of other scopes").
   */
  liveMinContributors: number;
  liveMaxContributorShare: number;
  /** Days after a period's end in which publishing it needs `force` and a reason (late registrations still arrive). */
  publicationGraceDays: number;
  /**
   * Published tables: every hidden count's feasible interval, from everything published for the
   * period, must span at least 2 × this many episodes (or all its suppression reason leaves open).
   */
  protectionMargin: number;
}

export const DEFAULT_INDICATOR_PARAMETERS: Readonly<IndicatorParameters> = Object.freeze({
  eq5dMid: 0.08,
  barthelMcid: 10,
  barthelIndependenceThreshold: 100,
  coverageWarning: 0.6,
  suppressionThreshold: 10,
  overdispersionMinInstitutions: 5,
  liveMinContributors: 3,
  liveMaxContributorShare: 0.8,
  publicationGraceDays: 60,
  protectionMargin: 3,
});
