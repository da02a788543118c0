/** Minimal types for the parts of jstat (1.9) the indicator statistics use; the package ships none. */
declare module 'jstat' {
  interface ContinuousDistribution1 {
    cdf(x: number, dof: number): number;
    inv(p: number, dof: number): number;
  }

  export const jStat: {
    normal: {
      cdf(x: number, mean: number, sd: number): number;
      inv(p: number, mean: number, sd: number): number;
    };
    studentt: ContinuousDistribution1;
    chisquare: ContinuousDistribution1;
    binomial: {
      /** P(X ≤ k) for X ~ Binomial(n, p); jstat rounds the result to 1e-10. */
      cdf(k: number, n: number, p: number): number;
      pdf(k: number, n: number, p: number): number;
    };
  };
}
