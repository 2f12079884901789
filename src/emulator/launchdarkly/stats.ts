import { normalDraw, prng } from '../random';

/** A posterior summarised as mean and standard deviation (a normal approximation). */
export interface Posterior {
  mean: number;
  sd: number;
}

/** Monte Carlo comparison of arms: probability each is best, and relative differences vs one arm. */
export interface Comparison {
  /** Per arm, probability of being best; these sum to 1. */
  pBest: number[];
  /** Per arm, 95% interval of (arm - reference) / reference; the reference's own entry is [0, 0]. */
  relative: Array<{ lower: number; upper: number }>;
}

/**
 * Compares arms by drawing `draws` (default 4000) joint samples from a seeded PRNG, so the answer is
 * the same for the same seed. `lowerIsBetter` picks the smallest draw as best (e.g. latency metrics).
 */
export function compareArms(
  arms: Posterior[],
  reference: number,
  seed: number,
  lowerIsBetter: boolean,
  draws = 4000,
): Comparison {
  const random = prng(seed);
  const wins = arms.map(() => 0);
  const ratios = arms.map(() => [] as number[]);
  for (let d = 0; d < draws; d++) {
    const sample = arms.map((a) => a.mean + a.sd * normalDraw(random));
    let best = 0;
    for (let k = 1; k < sample.length; k++) {
      if (lowerIsBetter ? sample[k] < sample[best] : sample[k] > sample[best]) best = k;
    }
    wins[best] += 1;
    const ref = sample[reference];
    sample.forEach((x, k) => ratios[k].push(ref === 0 ? 0 : (x - ref) / ref));
  }
  return {
    pBest: wins.map((w) => w / draws),
    relative: ratios.map((list, k) => {
      if (k === reference) return { lower: 0, upper: 0 };
      list.sort((a, b) => a - b);
      return { lower: list[Math.floor(0.025 * (list.length - 1))], upper: list[Math.ceil(0.975 * (list.length - 1))] };
    }),
  };
}

/** Standard normal cumulative distribution (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Upper-tail p-value of a chi-square statistic (Wilson-Hilferty approximation; exact enough for fakes). */
export function chiSquarePValue(chi2: number, df: number): number {
  if (chi2 <= 0 || df <= 0) return 1;
  const k = 2 / (9 * df);
  return 1 - normalCdf((Math.cbrt(chi2 / df) - (1 - k)) / Math.sqrt(k));
}

/** Rounds to `digits` decimals (default 6) so bodies stay readable and byte-stable. */
export function round(x: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
