import { createHash } from 'node:crypto';
import { badRequest } from '../http';
import type { PhStore } from './store';

/** Events the emulated project has ingested; metrics on other events need `allow_unknown_events`. */
export const KNOWN_EVENTS = [
  '$pageview',
  '$feature_flag_called',
  '$autocapture',
  'checkout_completed',
  'cart_viewed',
  'purchase',
  'signup',
];

/** The server-computed fingerprint: a hash of the metric definition without its identity fields. */
export function fingerprintOf(metric: Record<string, any>): string {
  const { uuid: _u, fingerprint: _f, name: _n, ...definition } = metric;
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 32);
}

function sourcesOf(metric: Record<string, any>): Array<Record<string, any>> {
  return [
    metric.source,
    ...(metric.series ?? []),
    metric.numerator,
    metric.denominator,
    metric.start_event,
    metric.completion_event,
  ].filter(Boolean);
}

/** Whether a metric reads `event` directly. */
export function usesEvent(metric: Record<string, any>, event: string): boolean {
  return sourcesOf(metric).some((s) => s.kind === 'EventsNode' && s.event === event);
}

/**
 * Normalises metrics as the server stores them: `kind` defaults to ExperimentMetric, missing uuids
 * are assigned, fingerprints recomputed. Unknown events are refused unless `allowUnknownEvents`.
 */
export function prepareMetrics(
  store: PhStore,
  metrics: Array<Record<string, any>>,
  attr: string,
  allowUnknownEvents: boolean,
): Array<Record<string, any>> {
  return metrics.map((input, i) => {
    const metric: Record<string, any> = { kind: 'ExperimentMetric', ...structuredClone(input) };
    metric.uuid ??= store.uuid();
    if (!allowUnknownEvents) {
      for (const source of sourcesOf(metric)) {
        if (source.kind === 'EventsNode' && source.event && !KNOWN_EVENTS.includes(source.event)) {
          throw badRequest(
            `Event '${source.event}' has never been seen in this project; send allow_unknown_events: true to use it anyway.`,
            `${attr}__${i}`,
          );
        }
      }
    }
    metric.fingerprint = fingerprintOf(metric);
    return metric;
  });
}

/** Refuses a uuid used twice across primary and secondary metrics. */
export function checkUniqueUuids(primary: Array<Record<string, any>>, secondary: Array<Record<string, any>>): void {
  const seen = new Set<string>();
  for (const m of [...primary, ...secondary]) {
    if (seen.has(m.uuid)) throw badRequest(`Metric uuid '${m.uuid}' is used more than once`, 'metrics');
    seen.add(m.uuid);
  }
}

/**
 * Display order of metric uuids. A list sent by the client must name every metric exactly; otherwise
 * the stored order is kept, new uuids are appended and removed ones dropped.
 */
export function orderedUuids(
  metrics: Array<Record<string, any>>,
  sent: string[] | null | undefined,
  previous: string[],
  attr: string,
): string[] {
  const uuids = metrics.map((m) => m.uuid as string);
  if (sent) {
    if (sent.length !== uuids.length || !uuids.every((u) => sent.includes(u))) {
      throw badRequest(`${attr} must list the uuid of every metric exactly once`, attr);
    }
    return [...sent];
  }
  return [...previous.filter((u) => uuids.includes(u)), ...uuids.filter((u) => !previous.includes(u))];
}
