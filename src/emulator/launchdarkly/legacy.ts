import { prng, seedFrom } from '../random';
import type { LdFlag, LdMetric } from './fixtures';
import { chiSquarePValue, normalCdf, round } from './stats';

/** First daily bucket of every legacy experiment's data: 2022-06-01T00:00:00Z, Unix epoch ms. */
export const LEGACY_DATA_START = 1654041600000;
/** Number of daily buckets of legacy data. */
export const LEGACY_DATA_DAYS = 14;
const DAY_MS = 86_400_000;
const MIN_SAMPLE_SIZE = 1500;

/** Inputs of the legacy (flag-scoped) results of one flag + environment + metric. */
export interface LegacyInput {
  projectKey: string;
  environmentKey: string;
  flag: LdFlag;
  metric: LdMetric;
  /** Window start/end (inclusive), Unix epoch ms; buckets outside are left out. */
  from?: number;
  to?: number;
  /** resetExperiment was called: all data collected so far (every fake bucket) counts as zero. */
  reset: boolean;
  selfHref: string;
}

interface Bucket {
  impressions: number;
  count: number;
  value: number;
}

const interval = (rate: number, n: number) => {
  const half = n > 0 ? 1.959964 * Math.sqrt((rate * (1 - rate)) / n) : 0;
  return { upper: round(Math.min(1, rate + half)), lower: round(Math.max(0, rate - half)) };
};

/**
 * Legacy `ExperimentResults`: 14 deterministic daily buckets per variation (seeded by flag,
 * environment, metric and variation), filtered by `from`/`to`, with cumulative totals, a
 * two-proportion p-value and improvement of each variation against variation 0, and chi-square stats.
 * Keys `Time` and `VariationData` are capitalised as in LaunchDarkly's API.
 */
export function legacyResults(input: LegacyInput): Record<string, unknown> {
  const { flag, metric } = input;
  const base = 0.08 + prng(seedFrom(flag.key, input.environmentKey, metric.key))() * 0.2;
  const days = Array.from({ length: LEGACY_DATA_DAYS }, (_, d) => LEGACY_DATA_START + d * DAY_MS).filter(
    (t) => (input.from === undefined || t >= input.from) && (input.to === undefined || t <= input.to),
  );
  const buckets: Bucket[][] = days.map((time) =>
    flag.variations.map((v, k) => {
      if (input.reset) return { impressions: 0, count: 0, value: 0 };
      const r = prng(seedFrom(flag.key, input.environmentKey, metric.key, v._id, time));
      const impressions = 150 + Math.floor(r() * 100);
      const rate = base * (1 + (k === 0 ? 0 : -0.05 + r() * 0.25));
      const count = Math.round(impressions * rate);
      return { impressions, count, value: metric.isNumeric ? round(count * (300 + r() * 50), 2) : count };
    }),
  );
  const totals = flag.variations.map(() => ({ impressions: 0, count: 0, value: 0 }));
  const series = days.map((Time, d) => ({
    Time,
    VariationData: buckets[d].map((b, k) => {
      const t = totals[k];
      t.impressions += b.impressions;
      t.count += b.count;
      t.value += b.value;
      const rate = b.impressions ? b.count / b.impressions : 0;
      const cumulativeRate = t.impressions ? t.count / t.impressions : 0;
      return {
        value: b.value,
        count: b.count,
        cumulativeValue: round(t.value, 2),
        cumulativeCount: t.count,
        conversionRate: round(rate),
        cumulativeConversionRate: round(cumulativeRate),
        confidenceInterval: interval(rate, b.impressions),
        cumulativeConfidenceInterval: interval(cumulativeRate, t.impressions),
      };
    }),
  }));
  const rates = totals.map((t) => (t.impressions ? t.count / t.impressions : 0));
  const seen = totals.some((t) => t.count > 0);
  return {
    _links: { self: { href: input.selfHref, type: 'application/json' } },
    metadata: flag.variations.map((_, k) => ({ key: k })),
    totals: totals.map((t, k) => ({
      cumulativeValue: round(t.value, 2),
      cumulativeCount: t.count,
      cumulativeImpressionCount: t.impressions,
      cumulativeConversionRate: round(rates[k]),
      cumulativeConfidenceInterval: interval(rates[k], t.impressions),
      pValue: k === 0 ? 0 : round(twoProportionPValue(totals[0], t), 6),
      improvement: k === 0 || rates[0] === 0 ? 0 : round((rates[k] - rates[0]) / rates[0]),
      minSampleSize: MIN_SAMPLE_SIZE,
    })),
    series,
    stats: stats(totals, rates),
    granularity: 'daily',
    metricSeen: seen ? { ever: true, timestamp: days[days.length - 1] + DAY_MS - 60_000 } : { ever: false },
  };
}

function twoProportionPValue(a: Bucket, b: Bucket): number {
  if (!a.impressions || !b.impressions) return 1;
  const pooled = (a.count + b.count) / (a.impressions + b.impressions);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.impressions + 1 / b.impressions));
  if (se === 0) return 1;
  const z = Math.abs(a.count / a.impressions - b.count / b.impressions) / se;
  return 2 * (1 - normalCdf(z));
}

function stats(totals: Bucket[], rates: number[]): Record<string, unknown> {
  const n = totals.reduce((s, t) => s + t.impressions, 0);
  const conversions = totals.reduce((s, t) => s + t.count, 0);
  let chi2 = 0;
  if (n > 0 && conversions > 0 && conversions < n) {
    for (const t of totals) {
      const expectedYes = (t.impressions * conversions) / n;
      const expectedNo = t.impressions - expectedYes;
      if (expectedYes > 0) chi2 += (t.count - expectedYes) ** 2 / expectedYes;
      if (expectedNo > 0) chi2 += (t.impressions - t.count - expectedNo) ** 2 / expectedNo;
    }
  }
  const winningVariationIdx = rates.reduce((best, r, k) => (r > rates[best] ? k : best), 0);
  return {
    pValue: round(chiSquarePValue(chi2, totals.length - 1), 6),
    chi2: round(chi2, 4),
    winningVariationIdx,
    minSampleSizeMet: totals.every((t) => t.impressions >= MIN_SAMPLE_SIZE),
  };
}
