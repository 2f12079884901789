/** A variation of a fixture flag; `_id` is what treatments reference as `variationId`. */
export interface LdVariation {
  _id: string;
  value: unknown;
  name: string;
}

/** Per-environment state of a flag: targeting on/off, its config version and rule ids. */
export interface LdFlagEnvironment {
  on: boolean;
  version: number;
  rules: Array<{ _id: string; description: string }>;
}

/** A feature flag experiments can run on. */
export interface LdFlag {
  key: string;
  name: string;
  archived: boolean;
  variations: LdVariation[];
  environments: Record<string, LdFlagEnvironment>;
}

/** A metric. `lowerIsBetter` (emulator-only) makes results treat the smallest mean as best. */
export interface LdMetric {
  key: string;
  name: string;
  kind: 'custom' | 'pageview' | 'click';
  isNumeric: boolean;
  eventKey?: string;
  unitAggregationType?: 'sum' | 'average';
  lowerIsBetter?: boolean;
  _versionId: string;
}

/** A metric group (a funnel: its metrics are the ordered steps). */
export interface LdMetricGroup {
  key: string;
  name: string;
  kind: 'funnel' | 'standard';
  _versionId: string;
  metrics: Array<{ key: string; nameInGroup: string }>;
}

/** One entry of a project's experimentation settings. */
export interface LdRandomizationUnit {
  randomizationUnit: string;
  default: boolean;
  _hidden: boolean;
  _displayName: string;
}

/** Everything the emulator knows about one project before any request. */
export interface LdProjectFixture {
  key: string;
  _id: string;
  environments: Array<{ key: string; name: string }>;
  /** Context kinds that exist in the project; settings may only name these. */
  contextKinds: Array<{ key: string; name: string }>;
  randomizationUnits: LdRandomizationUnit[];
  flags: LdFlag[];
  metrics: LdMetric[];
  metricGroups: LdMetricGroup[];
}

/** The LaunchDarkly seed data: projects plus the member that owns new experiments by default. */
export interface LdFixtures {
  /** The member new experiments are maintained by. */
  memberId: string;
  /** Fixed creation date of fixture objects (settings), Unix epoch ms. */
  creationDate: number;
  /** Projects with their environments, flags, metrics and experiments. */
  projects: LdProjectFixture[];
}

/** Keys of the default fixtures, for tests and examples. */
export const LD_FIXTURE_KEYS = {
  apiKey: 'emulator-ld-key',
  projectKey: 'default',
  projectId: '5f0e1d2c3b4a596877665544',
  memberId: '569f183514f4432160000007',
  environments: { production: 'production', test: 'test' },
  flags: {
    /** On in both environments; three variations. */
    on: 'checkout-button-position',
    /** Off in production, on in test. */
    off: 'new-pricing-page',
    /** Archived (and on): experiments on it cannot start. */
    archived: 'legacy-banner',
  },
  variations: {
    control: 'e432f62b-55f6-49dd-a02f-eb24acf39d05',
    aboveTheFold: '7a8b9c0d-55f6-49dd-a02f-eb24acf39d06',
    stickyFooter: '9c0d1e2f-55f6-49dd-a02f-eb24acf39d07',
    pricingControl: '1a2b3c4d-0000-4000-8000-000000000001',
    pricingNew: '1a2b3c4d-0000-4000-8000-000000000002',
    bannerControl: '2b3c4d5e-0000-4000-8000-000000000001',
    bannerNew: '2b3c4d5e-0000-4000-8000-000000000002',
  },
  /** A targeting rule id of the on flag in production (besides `fallthrough`). */
  ruleId: 'a1b2c3d4-rule-4e5f-8a9b-000000000001',
  metrics: {
    /** Conversion (binary) metric: Bayesian results use a beta distribution. */
    conversion: 'checkout-completed',
    /** Numeric metric (lower is better): results use a normal distribution. */
    numeric: 'page-load-ms',
    cartViewed: 'cart-viewed',
    click: 'buy-button-clicked',
  },
  /** A funnel metric group (cart-viewed → checkout-completed). */
  metricGroup: 'checkout-funnel',
  randomizationUnits: { default: 'user', other: 'organization' },
  contextKinds: ['user', 'organization', 'device', 'request'],
} as const;

const K = LD_FIXTURE_KEYS;

/** Builds a fresh copy of the default fixtures (callers may mutate it). */
export function defaultLdFixtures(): LdFixtures {
  const env = (on: boolean, version: number, rules: LdFlagEnvironment['rules'] = []): LdFlagEnvironment => ({
    on,
    version,
    rules,
  });
  return {
    memberId: K.memberId,
    creationDate: 1654104600000,
    projects: [
      {
        key: K.projectKey,
        _id: K.projectId,
        environments: [
          { key: 'production', name: 'Production' },
          { key: 'test', name: 'Test' },
        ],
        contextKinds: [
          { key: 'user', name: 'User' },
          { key: 'organization', name: 'Organization' },
          { key: 'device', name: 'Device' },
          { key: 'request', name: 'Request' },
        ],
        randomizationUnits: [
          { randomizationUnit: 'user', default: true, _hidden: false, _displayName: 'User' },
          { randomizationUnit: 'organization', default: false, _hidden: false, _displayName: 'Organization' },
        ],
        flags: [
          {
            key: K.flags.on,
            name: 'Checkout button position',
            archived: false,
            variations: [
              { _id: K.variations.control, value: 'below-the-fold', name: 'Control' },
              { _id: K.variations.aboveTheFold, value: 'above-the-fold', name: 'Above the fold' },
              { _id: K.variations.stickyFooter, value: 'sticky-footer', name: 'Sticky footer' },
            ],
            environments: {
              production: env(true, 12, [{ _id: K.ruleId, description: 'Beta customers' }]),
              test: env(true, 3),
            },
          },
          {
            key: K.flags.off,
            name: 'New pricing page',
            archived: false,
            variations: [
              { _id: K.variations.pricingControl, value: false, name: 'Old page' },
              { _id: K.variations.pricingNew, value: true, name: 'New page' },
            ],
            environments: { production: env(false, 4), test: env(true, 2) },
          },
          {
            key: K.flags.archived,
            name: 'Legacy banner',
            archived: true,
            variations: [
              { _id: K.variations.bannerControl, value: false, name: 'No banner' },
              { _id: K.variations.bannerNew, value: true, name: 'Banner' },
            ],
            environments: { production: env(true, 7), test: env(true, 1) },
          },
        ],
        metrics: [
          {
            key: K.metrics.conversion,
            name: 'Checkout completed',
            kind: 'custom',
            isNumeric: false,
            eventKey: 'checkout-completed',
            unitAggregationType: 'sum',
            _versionId: 'mv-checkout-completed-1',
          },
          {
            key: K.metrics.numeric,
            name: 'Page load time (ms)',
            kind: 'custom',
            isNumeric: true,
            eventKey: 'page-load',
            unitAggregationType: 'average',
            lowerIsBetter: true,
            _versionId: 'mv-page-load-ms-1',
          },
          {
            key: K.metrics.cartViewed,
            name: 'Cart viewed',
            kind: 'pageview',
            isNumeric: false,
            _versionId: 'mv-cart-viewed-1',
          },
          {
            key: K.metrics.click,
            name: 'Buy button clicked',
            kind: 'click',
            isNumeric: false,
            _versionId: 'mv-buy-button-clicked-1',
          },
        ],
        metricGroups: [
          {
            key: K.metricGroup,
            name: 'Checkout funnel',
            kind: 'funnel',
            _versionId: 'mg-checkout-funnel-1',
            metrics: [
              { key: K.metrics.cartViewed, nameInGroup: 'Step 1' },
              { key: K.metrics.conversion, nameInGroup: 'Step 2' },
            ],
          },
        ],
      },
    ],
  };
}

/**
 * A createExperiment body: the fields the client's `ExperimentPost` requires are typed, so it can be passed
 * to `createExperiment` as is; anything else stays open for tests that build invalid bodies.
 */
export interface SampleExperimentPost {
  name: string;
  key: string;
  iteration: {
    hypothesis: string;
    metrics: Array<{ key: string; isGroup?: boolean }>;
    treatments: Array<{
      name: string;
      baseline: boolean;
      allocationPercent: string;
      parameters: Array<{ flagKey: string; variationId: string }>;
    }>;
    flags: Record<string, { ruleId: string; flagConfigVersion: number }>;
    [field: string]: any;
  };
  [field: string]: any;
}

/**
 * A valid createExperiment body on the on flag (control vs above-the-fold, 50/50, conversion metric).
 * `overrides` are shallow-merged into the body; `iteration` overrides into the iteration.
 */
export function sampleExperimentPost(
  key: string,
  overrides: Record<string, unknown> = {},
  iteration: Record<string, unknown> = {},
): SampleExperimentPost {
  return {
    name: `Experiment ${key}`,
    key,
    description: 'Does moving the button above the fold raise conversion?',
    ...overrides,
    iteration: {
      hypothesis: 'Moving the button above the fold increases conversion',
      canReshuffleTraffic: true,
      metrics: [{ key: K.metrics.conversion, isGroup: false }, { key: K.metrics.numeric }],
      primarySingleMetricKey: K.metrics.conversion,
      treatments: [
        {
          name: 'Control',
          baseline: true,
          allocationPercent: '50',
          parameters: [{ flagKey: K.flags.on, variationId: K.variations.control }],
        },
        {
          name: 'Above the fold',
          baseline: false,
          allocationPercent: '50',
          parameters: [{ flagKey: K.flags.on, variationId: K.variations.aboveTheFold }],
        },
      ],
      flags: { [K.flags.on]: { ruleId: 'fallthrough', flagConfigVersion: 12 } },
      randomizationUnit: 'user',
      ...iteration,
    },
  };
}
