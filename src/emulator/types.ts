import type { Fault, FaultRegistry, FaultSpec } from './faults';
import type { LdFixtures } from './launchdarkly/fixtures';
import type { SeedExperiment } from './launchdarkly/seed';
import type { LdStore } from './launchdarkly/store';
import type { PhFixtures } from './posthog/fixtures';
import type { PhStore } from './posthog/store';
import type { RateLimitOptions } from './rate-limit';
import type { RecordedRequest } from './request-log';

/** Fixture data the emulator starts from (and returns to on `reset()`). */
export interface EmulatorSeed {
  /** LaunchDarkly projects, flags, metrics and settings. Default: `defaultLdFixtures()` (keys in LD_FIXTURE_KEYS). */
  launchdarkly?: LdFixtures;
  /** PostHog user, projects and flags. Default: `defaultPhFixtures()` (ids in PH_FIXTURE_KEYS). */
  posthog?: PhFixtures;
  /** LaunchDarkly experiments created at start, through the normal create (and start) logic. Default none. */
  experiments?: SeedExperiment[];
  /** Seed of the id generator: same seed, same ids in the same order. Default `'emulator'`. */
  ids?: string;
}

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** LaunchDarkly access tokens accepted verbatim in `Authorization`. Default `['emulator-ld-key']`. */
  apiKeys?: string[];
  /** PostHog personal API keys accepted as `Authorization: Bearer <key>`. Default `['phx_emulator']`. */
  posthogApiKeys?: string[];
  /** Data to start from (and to return to on `reset()`): fixtures of both vendors and experiments. Default: the fixtures. */
  seed?: EmulatorSeed;
  /** Rate-limit mode; off when absent or null. */
  rateLimit?: RateLimitOptions | null;
  /** Faults active from the start (and restored by `reset()`). */
  faults?: FaultSpec[];
  /** Clock for timestamps and rate-limit windows, Unix epoch ms. Default `Date.now`. */
  now?: () => number;
  /**
   * Path of the OpenAPI spec to validate against: JSON, or YAML (which needs the `yaml` package installed).
   * Default: `EXPERIMENTS_EMULATOR_SPEC`, else the package's own (a compact JSON copy of openapi.yaml).
   */
  specPath?: string;
  /**
   * Check every handler answer against its response schema and turn a mismatch into a 500
   * `emulator_invalid_response` (a self-check; useful in tests). Default false.
   */
  validateResponses?: boolean;
}

/** What `configure()` may change at runtime. */
export type EmulatorConfigPatch = Pick<
  EmulatorOptions,
  'apiKeys' | 'posthogApiKeys' | 'rateLimit' | 'now' | 'validateResponses'
> & {
  /** Replaces all active faults. */
  faults?: FaultSpec[];
};

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  url: string;
  /** The loopback port it listens on. */
  port: number;
  /** Stops listening and closes every connection, keep-alive ones included; pending delays are cancelled. */
  close(): Promise<void>;
  /**
   * The in-memory state: inspect it, flip LaunchDarkly fixture flags (`state.launchdarkly.setFlagOn`),
   * or gate PostHog actions behind approval (`state.posthog.approvalRequired.add('experiment.launch')`).
   */
  state: { launchdarkly: LdStore; posthog: PhStore };
  /** Back to the start: fixtures and seed experiments, start-time faults and rate limit, empty request log. */
  reset(): void;
  /** Changes settings while running (only the given keys). */
  configure(patch: EmulatorConfigPatch): void;
  /** Injected faults; `faults.add({...})` at runtime. */
  faults: FaultRegistry;
  /** Every request received so far (live array, oldest first; `/__emulator` calls excluded). */
  readonly requests: RecordedRequest[];
  /** Errors of `body` against the spec's response schema for `operationId` + `status` (empty when valid). */
  validateResponse(operationId: string, status: number, body: unknown): string[];
}

export type { Fault, FaultSpec, RateLimitOptions, RecordedRequest, SeedExperiment };
