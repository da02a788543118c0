/**
 * Funnel plots: control limits around the national value at an institution's n (Spiegelhalter
 * 2005, "Funnel plots for comparing institutional performance", Statist. Med. 24:1185–1202), the
 * overdispersion test, and limits widened by a between-institution variance τ² when the
 * institutions vary more than chance allows (the additive random-effects approach of the NHS-R
 * FunnelPlotR package). An institution outside the 99.8% limits is flagged.
 */
import { jStat } from 'jstat';
import { normalQuantile, quantileCont } from './summary';

/** The two funnels drawn: 95% (z = 1.959964, "warning") and 99.8% (z = 3.090232, "alarm"). */
export const FUNNEL_LEVELS = { inner: 0.95, outer: 0.998 } as const;

export interface FunnelLimits {
  n: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/**
 * Why additive random effects rather than Spiegelhalter's multiplicative √φ inflation: with
 * the register's mix of small municipal services and large trusts, the multiplicative funnel
 * still narrows to nothing at large n and flags big institutions for differences no case-mix
 * model removes; τ² keeps a floor of plausible between-institution variation (discussed by
 * Spiegelhalter 2005; the FunnelPlotR default).
 */
export type OverdispersionMethod = 'none' | 'additive_random_effects';

export interface Overdispersion {
  /** The test found more variation between institutions than chance allows (p below the significance level). */
  overdispersed: boolean;
  /** φ = (1/k) Σ z² over winsorised z-scores; about 1 when institutions differ by chance only. Null below two institutions. */
  phi: number | null;
  /**
   * DerSimonian–Laird between-institution variance added to every limit's variance; 0 unless
   * overdispersed. On the indicator's scale for means; on the arcsine-square-root scale for proportions.
   */
  tau2: number;
  /** Number of institutions tested. */
  k: number;
  /** P(χ²(k − 1) ≥ kφ): small when the spread is beyond chance. Null below two institutions. */
  pValue: number | null;
  /** additive_random_effects when the limits are widened by τ²; none when not overdispersed, or too few institutions to estimate τ². */
  method: OverdispersionMethod;
  /** Fewer institutions than minInstitutions: τ² is not estimated and the limits are not widened, whatever the test says. */
  tooFewInstitutions: boolean;
  /** The fewest institutions τ² is estimated from (the setting overdispersionMinInstitutions). */
  minInstitutions: number;
}

/** What the limits need of an overdispersion result: whether and by how much they are widened. */
export type WideningOf = Pick<Overdispersion, 'method' | 'tau2'>;

export interface OverdispersionOptions {
  /** Share winsorised at each end before φ is computed (Spiegelhalter 2005: 10%). */
  winsorise?: number;
  /** Significance level of the χ² test that decides whether limits are widened. */
  significance?: number;
  /**
   * The fewest institutions τ² is estimated from (at least 2, the formula's minimum): with two or
   * three, the between-institution variance is a guess, and widening every limit by it hides real
   * outliers. The register passes its setting overdispersionMinInstitutions (default 5).
   */
  minInstitutions?: number;
}

export const NO_OVERDISPERSION: Overdispersion = {
  overdispersed: false,
  phi: null,
  tau2: 0,
  k: 0,
  pValue: null,
  method: 'none',
  tooFewInstitutions: false,
  minInstitutions: 2,
};

export interface FunnelClassification {
  /** Which limit of the 95% funnel the value is beyond; null when inside it. */
  side: 'above' | 'below' | null;
  outside95: boolean;
  /** Outside the 99.8% funnel: the institution is flagged. */
  flagged: boolean;
}

/**
 * Limits for a proportion with target θ at denominator n. Without overdispersion: exact
 * binomial quantiles, interpolated (see binomialControlLimit). With it: the arcsine-square-root
 * scale where a proportion's variance is 1/4n whatever θ, plus τ², back-transformed:
 *   sin²( asin√θ ± z·√(1/4n + τ²) ).
 */
export function proportionLimits(target: number, n: number, overdispersion: WideningOf = NO_OVERDISPERSION): FunnelLimits {
  assertProportion(target, 'target');
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1, got ${n}`);
  if (overdispersion.method === 'additive_random_effects') {
    const limit = (level: number, sign: 1 | -1): number =>
      arcsineLimit(target, sign * normalQuantile(level) * Math.sqrt(1 / (4 * n) + overdispersion.tau2));
    return {
      n,
      lower95: limit(FUNNEL_LEVELS.inner, -1),
      upper95: limit(FUNNEL_LEVELS.inner, 1),
      lower998: limit(FUNNEL_LEVELS.outer, -1),
      upper998: limit(FUNNEL_LEVELS.outer, 1),
    };
  }
  return {
    n,
    lower95: binomialControlLimit(target, n, 0.025),
    upper95: binomialControlLimit(target, n, 0.975),
    lower998: binomialControlLimit(target, n, 0.001),
    upper998: binomialControlLimit(target, n, 0.999),
  };
}

/**
 * The p-quantile of Binomial(n, θ)/n, smoothed as in Spiegelhalter (2005) Appendix A.1.1:
 * r = the smallest count with F(r) ≥ p; α = (F(r) − p) / (F(r) − F(r − 1)); limit = (r − α)/n.
 * This is the quantile of the distribution with each count's probability spread evenly over
 * (r − 1, r], so the limit moves smoothly with n instead of jumping by 1/n. At whole counts it
 * matches the binomial cdf: a count y lies below the lower limit when P(Y ≤ y) < p and above
 * the upper limit when P(Y > y) < 1 − p. Clamped to [0, 1].
 */
export function binomialControlLimit(target: number, n: number, p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must lie in (0, 1), got ${p}`);
  if (target === 0 || target === 1) return target;
  const cdf = (r: number): number => jStat.binomial.cdf(r, n, target);
  // Start at the normal approximation and step: a few cdf calls even for large n.
  const guess = n * target + jStat.normal.inv(p, 0, 1) * Math.sqrt(n * target * (1 - target));
  let r = Math.min(n, Math.max(0, Math.round(guess)));
  while (r < n && cdf(r) < p) r += 1;
  while (r > 0 && cdf(r - 1) >= p) r -= 1;
  const atR = cdf(r);
  const belowR = r > 0 ? cdf(r - 1) : 0;
  const alpha = atR > belowR ? (atR - p) / (atR - belowR) : 0;
  return Math.min(1, Math.max(0, (r - alpha) / n));
}

/** Limits for a mean at n: target ± z·√(sd²/n + τ²), sd being the national SD of the individual values. */
export function meanLimits(target: number, sd: number, n: number, overdispersion: WideningOf = NO_OVERDISPERSION): FunnelLimits {
  assertPositive(sd, 'sd');
  assertPositive(n, 'n');
  const tau2 = overdispersion.method === 'additive_random_effects' ? overdispersion.tau2 : 0;
  const se = Math.sqrt((sd * sd) / n + tau2);
  const inner = normalQuantile(FUNNEL_LEVELS.inner) * se;
  const outer = normalQuantile(FUNNEL_LEVELS.outer) * se;
  return { n, lower95: target - inner, upper95: target + inner, lower998: target - outer, upper998: target + outer };
}

/** Where a value falls: strictly beyond a limit counts as outside, on the limit does not. */
export function classifyAgainstLimits(value: number, limits: FunnelLimits): FunnelClassification {
  const side = value > limits.upper95 ? 'above' : value < limits.lower95 ? 'below' : null;
  return { side, outside95: side !== null, flagged: value > limits.upper998 || value < limits.lower998 };
}

/**
 * Spiegelhalter's overdispersion test on z-scores (Statist. Med. 2005; Spiegelhalter, "Handling
 * over-dispersion of performance indicators", Qual Saf Health Care 2005;14:347): winsorise the
 * z-scores at the 10th and 90th percentiles (percentile_cont), so outliers cannot widen their own
 * funnel; φ = (1/k) Σ z²; kφ ~ χ²(k − 1) when only chance is at work. When significant,
 * τ² = (kφ − (k − 1)) / (Σw − Σw²/Σw) with w = 1/s², s each institution's standard error under
 * the target (DerSimonian & Laird 1986, as FunnelPlotR's tau_func). Only from at least
 * `minInstitutions` institutions: below that the test is still reported, but the limits stay unwidened.
 */
export function testOverdispersion(
  zScores: readonly number[],
  standardErrors: readonly number[],
  options: OverdispersionOptions = {},
): Overdispersion {
  const { winsorise = 0.1, significance = 0.05, minInstitutions = 2 } = options;
  if (zScores.length !== standardErrors.length) throw new RangeError('one standard error per z-score');
  if (!Number.isInteger(minInstitutions) || minInstitutions < 2)
    throw new RangeError(`minInstitutions must be a whole number ≥ 2, got ${minInstitutions}`);
  const k = zScores.length;
  const tooFewInstitutions = k < minInstitutions;
  if (k < 2) return { ...NO_OVERDISPERSION, k, tooFewInstitutions, minInstitutions };
  const sorted = [...zScores].sort((a, b) => a - b);
  const low = quantileCont(sorted, winsorise);
  const high = quantileCont(sorted, 1 - winsorise);
  const phi = zScores.reduce((sum, z) => sum + Math.min(high, Math.max(low, z)) ** 2, 0) / k;
  const pValue = 1 - jStat.chisquare.cdf(k * phi, k - 1);
  const overdispersed = pValue < significance;
  if (!overdispersed || tooFewInstitutions)
    return { overdispersed, phi, tau2: 0, k, pValue, method: 'none', tooFewInstitutions, minInstitutions };
  const weights = standardErrors.map((s) => 1 / (s * s));
  const sumW = weights.reduce((sum, w) => sum + w, 0);
  const sumW2 = weights.reduce((sum, w) => sum + w * w, 0);
  const tau2 = Math.max(0, (k * phi - (k - 1)) / (sumW - sumW2 / sumW));
  return { overdispersed, phi, tau2, k, pValue, method: 'additive_random_effects', tooFewInstitutions, minInstitutions };
}

export interface ProportionUnit {
  id: string;
  events: number;
  n: number;
}

export interface MeanUnit {
  id: string;
  mean: number;
  n: number;
}

/** z-scores on the arcsine-square-root scale, where s = 1/(2√n) (as FunnelPlotR for proportions). */
export function proportionOverdispersion(
  units: readonly ProportionUnit[],
  target: number,
  options?: OverdispersionOptions,
): Overdispersion {
  assertProportion(target, 'target');
  const centre = Math.asin(Math.sqrt(target));
  for (const u of units) {
    if (!(u.n >= 1 && u.events >= 0 && u.events <= u.n)) throw new RangeError(`${u.id}: need 0 ≤ events ≤ n and n ≥ 1`);
  }
  const s = units.map((u) => 1 / (2 * Math.sqrt(u.n)));
  const z = units.map((u, i) => (Math.asin(Math.sqrt(u.events / u.n)) - centre) / s[i]);
  return testOverdispersion(z, s, options);
}

/** z = (mean − target)/(sd/√n) with the national SD. */
export function meanOverdispersion(
  units: readonly MeanUnit[],
  target: number,
  sd: number,
  options?: OverdispersionOptions,
): Overdispersion {
  assertPositive(sd, 'sd');
  const s = units.map((u) => sd / Math.sqrt(assertPositive(u.n, 'n')));
  const z = units.map((u, i) => (u.mean - target) / s[i]);
  return testOverdispersion(z, s, options);
}

export interface FunnelPoint extends FunnelClassification {
  id: string;
  value: number;
  n: number;
  /** The limits at this n the point is judged against (widened when overdispersed). */
  limits: FunnelLimits;
}

export interface Funnel {
  target: number;
  overdispersion: Overdispersion;
  points: FunnelPoint[];
}

/** Everything a funnel plot of proportions needs: overdispersion first, then each point against its limits. */
export function proportionFunnel(units: readonly ProportionUnit[], target: number, options?: OverdispersionOptions): Funnel {
  const overdispersion = proportionOverdispersion(units, target, options);
  const points = units.map((u) => point(u.id, u.events / u.n, proportionLimits(target, u.n, overdispersion)));
  return { target, overdispersion, points };
}

/** Everything a funnel plot of means needs, sd being the national SD of the individual values. */
export function meanFunnel(units: readonly MeanUnit[], target: number, sd: number, options?: OverdispersionOptions): Funnel {
  const overdispersion = meanOverdispersion(units, target, sd, options);
  const points = units.map((u) => point(u.id, u.mean, meanLimits(target, sd, u.n, overdispersion)));
  return { target, overdispersion, points };
}

function point(id: string, value: number, limits: FunnelLimits): FunnelPoint {
  return { id, value, n: limits.n, limits, ...classifyAgainstLimits(value, limits) };
}

/** sin²(asin√θ + offset), the angle kept within [0, π/2] so the limit stays in [0, 1] and monotone. */
function arcsineLimit(target: number, offset: number): number {
  const angle = Math.min(Math.PI / 2, Math.max(0, Math.asin(Math.sqrt(target)) + offset));
  return Math.sin(angle) ** 2;
}

function assertProportion(value: number, name: string): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be a proportion in [0, 1], got ${value}`);
}

function assertPositive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be positive, got ${value}`);
  return value;
}
