import { prng, seedFrom } from '../random';
import type { LdMetric } from './fixtures';
import { type Posterior, compareArms, round } from './stats';
import type { StoredIteration } from './store';

const Z95 = 1.959964;

/** The inputs that fully determine a metric's fake results. */
export interface ResultsInput {
  experimentId: string;
  iteration: StoredIteration;
  metric: LdMetric;
  /** Treatment names by treatment id (the flag variation ids). */
  treatmentNames: Record<string, string>;
  /** Add `traffic` to each treatment result (`expand=traffic`). */
  includeTraffic: boolean;
  selfHref: string;
}

interface Arm {
  id: string;
  name: string;
  units: number;
  dataMean: number;
  dataStdDev: number;
  eventValuesSum: number;
  posterior: Posterior;
  extra: Record<string, unknown>;
}

/**
 * Plausible, deterministic Bayesian results (ExperimentBayesianResultsRep). Every number is derived
 * from seeds built from the experiment, iteration, metric and treatment ids, never from the clock, so
 * the same request always gets the same body. Conversion metrics get a Beta(1 + conversions,
 * 1 + misses) posterior; numeric metrics a normal posterior shrunk slightly towards the pooled mean.
 * An iteration that has not started has no data yet: `metricSeen.ever` is false and results are empty.
 */
export function bayesianResults(input: ResultsInput): Record<string, unknown> {
  const { iteration, metric } = input;
  const _links = { self: { href: input.selfHref, type: 'application/json' } };
  if (iteration.status === 'not_started' || iteration.startedAt === undefined) {
    return { _links, metricSeen: { ever: false }, results: [], treatmentResults: [] };
  }
  const metricRandom = prng(seedFrom(input.experimentId, iteration._id, metric.key));
  const base = metric.isNumeric ? 200 + metricRandom() * 1300 : 0.05 + metricRandom() * 0.25;
  const mismatch = 0.05 + metricRandom() * 0.9;
  // Units follow the allocation (with ±2% noise), as a real split would; zero-allocation arms get none.
  const population = 8000 + Math.floor(metricRandom() * 4000);
  const treatments = iteration.spec.treatments;
  const baselineIndex = Math.max(
    0,
    treatments.findIndex((t) => t.baseline),
  );
  const arms: Arm[] = treatments.map((t) => {
    const id = t.parameters[0].variationId;
    const r = prng(seedFrom(input.experimentId, iteration._id, metric.key, id));
    const share = Number(t.allocationPercent) / 100;
    const units = Math.max(1, Math.round(population * share * (0.98 + r() * 0.04)));
    const lift = t.baseline ? 0 : -0.08 + r() * 0.2;
    return metric.isNumeric
      ? numericArm(id, input.treatmentNames[id] ?? t.name, units, base * (1 + lift), base)
      : conversionArm(id, input.treatmentNames[id] ?? t.name, units, base * (1 + lift));
  });
  const comparison = compareArms(
    arms.map((a) => a.posterior),
    baselineIndex,
    seedFrom(input.experimentId, iteration._id, metric.key, 'compare'),
    Boolean(metric.lowerIsBetter),
  );
  const treatmentResults = arms.map((arm, k) => {
    const rep: Record<string, unknown> = {
      treatmentId: arm.id,
      treatmentName: arm.name,
      mean: round(arm.posterior.mean),
      dataMean: round(arm.dataMean),
      dataStdDev: round(arm.dataStdDev),
      credibleInterval: credibleInterval(arm.posterior, !metric.isNumeric),
      pBest: comparison.pBest[k],
      units: arm.units,
      eventValuesSum: round(arm.eventValuesSum, 2),
      ...arm.extra,
    };
    if (k !== baselineIndex) {
      rep.relativeDifferences = [
        {
          fromTreatmentId: arms[baselineIndex].id,
          lower: round(comparison.relative[k].lower),
          upper: round(comparison.relative[k].upper),
        },
      ];
    }
    if (input.includeTraffic) rep.traffic = arm.units;
    return rep;
  });
  // Derived from the iteration's own times (not the clock) to stay deterministic.
  const lastEvent =
    iteration.endedAt !== undefined
      ? Math.max(iteration.startedAt, iteration.endedAt - 60_000)
      : iteration.startedAt + 60_000;
  return {
    _links,
    metricSeen: { ever: true, timestamp: lastEvent },
    probabilityOfMismatch: round(mismatch, 4),
    results: [{ treatmentResults }],
    treatmentResults,
  };
}

function credibleInterval(p: Posterior, bounded: boolean): { lower: number; upper: number } {
  const lower = p.mean - Z95 * p.sd;
  const upper = p.mean + Z95 * p.sd;
  return bounded
    ? { lower: round(Math.max(0, lower)), upper: round(Math.min(1, upper)) }
    : { lower: round(lower), upper: round(upper) };
}

function conversionArm(id: string, name: string, units: number, rate: number): Arm {
  const conversions = Math.round(units * Math.min(Math.max(rate, 0), 1));
  const alpha = 1 + conversions;
  const beta = 1 + units - conversions;
  const sum = alpha + beta;
  const mean = alpha / sum;
  const sd = Math.sqrt((alpha * beta) / (sum * sum * (sum + 1)));
  const dataMean = conversions / units;
  return {
    id,
    name,
    units,
    dataMean,
    dataStdDev: Math.sqrt(dataMean * (1 - dataMean)),
    eventValuesSum: conversions,
    posterior: { mean, sd },
    extra: {
      model: 'bayesianBeta',
      bayesianBeta: { priorAlpha: 1, priorBeta: 1, priorMean: 0.5, dataWeight: round(units / (units + 2)) },
      distribution: { kind: 'beta', parameters: { alpha, beta } },
    },
  };
}

function numericArm(id: string, name: string, units: number, dataMean: number, priorMean: number): Arm {
  const dataStdDev = priorMean * 0.6;
  // A weak prior (worth 50 units) centred on the pooled mean shrinks small samples a little.
  const dataWeight = units / (units + 50);
  const mean = dataWeight * dataMean + (1 - dataWeight) * priorMean;
  const sd = dataStdDev / Math.sqrt(units + 50);
  return {
    id,
    name,
    units,
    dataMean,
    dataStdDev,
    eventValuesSum: dataMean * units,
    posterior: { mean, sd },
    extra: {
      model: 'bayesianNormal',
      bayesianNormal: { dataWeight: round(dataWeight), priorMean: round(priorMean) },
      distribution: { kind: 'normal', parameters: { mean: round(mean), stddev: round(sd) } },
    },
  };
}
