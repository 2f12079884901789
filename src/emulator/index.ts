import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultRegistry } from './faults';
import { LD_FIXTURE_KEYS, defaultLdFixtures } from './launchdarkly/fixtures';
import { launchDarklyEmulatorOnlyRoutes, launchDarklyHandlers } from './launchdarkly';
import { seedExperiments } from './launchdarkly/seed';
import { LdStore } from './launchdarkly/store';
import { PH_FIXTURE_KEYS, defaultPhFixtures } from './posthog/fixtures';
import { postHogHandlers } from './posthog';
import { PhStore } from './posthog/store';
import { RateLimiter, type RateLimitOptions } from './rate-limit';
import type { RecordedRequest } from './request-log';
import { type LiveConfig, createRequestListener } from './server';
import { loadSpec } from './spec';
import type { EmulatorConfigPatch, EmulatorOptions, RunningEmulator } from './types';
import { SpecValidator } from './validate';

export { LD_FIXTURE_KEYS, defaultLdFixtures, sampleExperimentPost } from './launchdarkly/fixtures';
export type { LdFixtures } from './launchdarkly/fixtures';
export { PH_FIXTURE_KEYS, defaultPhFixtures } from './posthog/fixtures';
export type { PhFixtures } from './posthog/fixtures';
export type { PhApprovalAction, PhStore } from './posthog/store';
export type { LdStore } from './launchdarkly/store';
export type { RateLimitFamily } from './rate-limit';
export type { FaultKind } from './faults';
export type * from './types';

/**
 * Starts the emulator: a stateful in-memory fake of the LaunchDarkly and PostHog experiments APIs,
 * speaking real HTTP on loopback and validating traffic against openapi.yaml.
 * Resolves once listening; call `close()` when done.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const spec = loadSpec(options.specPath);
  const validator = new SpecValidator(spec);
  const store = new LdStore(options.seed?.launchdarkly ?? defaultLdFixtures(), options.seed?.ids ?? 'emulator');
  const posthog = new PhStore(
    options.seed?.posthog ?? defaultPhFixtures(),
    `${options.seed?.ids ?? 'emulator'}:posthog`,
  );
  const handlers = {
    ...launchDarklyHandlers(store),
    ...postHogHandlers(posthog, spec.document.components?.schemas ?? {}),
  };
  const faults = new FaultRegistry();
  const log: RecordedRequest[] = [];
  const config: LiveConfig = {
    apiKeys: options.apiKeys ?? [LD_FIXTURE_KEYS.apiKey],
    posthogApiKeys: options.posthogApiKeys ?? [PH_FIXTURE_KEYS.apiKey],
    now: options.now ?? Date.now,
    validateResponses: options.validateResponses ?? false,
  };
  let limiter: RateLimiter | undefined;
  const setRateLimit = (value: RateLimitOptions | null | undefined) => {
    limiter = value ? new RateLimiter(value) : undefined;
  };
  let pinnedNow: number | null = null;
  const clock = () => (pinnedNow !== null ? pinnedNow : config.now());

  // Pending latency faults, so close() can cancel them instead of leaving timers behind.
  const delays = new Set<{ timer: NodeJS.Timeout; resolve: (alive: boolean) => void }>();
  let closed = false;
  const delay = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const pending = { timer: setTimeout(() => (delays.delete(pending), resolve(!closed)), ms), resolve };
      delays.add(pending);
    });

  const reset = () => {
    store.reset();
    posthog.reset();
    log.length = 0;
    faults.clear();
    if (options.faults?.length) faults.add(options.faults);
    setRateLimit(options.rateLimit);
    seedExperiments(handlers, validator, options.seed?.experiments ?? [], clock());
  };
  reset();

  let url = '';
  const server = createServer(
    createRequestListener({
      // Spec routes first; emulator-only routes (endpoints openapi.yaml does not describe) after them.
      spec: { ...spec, routes: [...spec.routes, ...launchDarklyEmulatorOnlyRoutes()] },
      validator,
      handlers,
      config: () => ({ ...config, now: clock }),
      faults,
      rateLimiter: () => limiter,
      log,
      control: {
        faults,
        requests: log,
        clearRequests: () => void (log.length = 0),
        reset,
        setRateLimit,
        setClock: (now) => void (pinnedNow = now),
        fixtures: { launchdarkly: LD_FIXTURE_KEYS, posthog: PH_FIXTURE_KEYS },
      },
      origin: () => url,
      delay,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  return {
    url,
    port: address.port,
    state: { launchdarkly: store, posthog },
    faults,
    get requests() {
      return log;
    },
    reset,
    configure(patch: EmulatorConfigPatch) {
      if (patch.apiKeys) config.apiKeys = patch.apiKeys;
      if (patch.posthogApiKeys) config.posthogApiKeys = patch.posthogApiKeys;
      if (patch.now) config.now = patch.now;
      if (patch.validateResponses !== undefined) config.validateResponses = patch.validateResponses;
      if ('rateLimit' in patch) setRateLimit(patch.rateLimit);
      if (patch.faults) {
        faults.clear();
        faults.add(patch.faults);
      }
    },
    validateResponse: (operationId, status, body) => validator.validateResponse(operationId, status, body),
    close() {
      closed = true;
      for (const pending of delays) {
        clearTimeout(pending.timer);
        pending.resolve(false);
      }
      delays.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
