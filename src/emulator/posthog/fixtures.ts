/** A PostHog user as embedded in `created_by` (UserBasic). */
export interface PhUser {
  id: number;
  uuid: string;
  distinct_id: string | null;
  first_name: string;
  last_name: string;
  email: string;
  is_email_verified: boolean | null;
  hedgehog_config: Record<string, unknown> | null;
  role_at_organization: string | null;
}

/** A feature flag as stored (experiments link to one). */
export interface PhFlag {
  id: number;
  key: string;
  name: string;
  filters: Record<string, any>;
  active: boolean;
  deleted: boolean;
  ensure_experience_continuity: boolean | null;
  version: number;
}

/** Seed data of the PostHog side. */
export interface PhFixtures {
  /** The user the API key belongs to (`created_by` of what it creates). */
  user: PhUser;
  /** Projects with their feature flags. */
  projects: Array<{ id: number; name: string; flags: PhFlag[] }>;
}

/** Keys and ids of the default PostHog fixtures, for tests and examples. */
export const PH_FIXTURE_KEYS = {
  apiKey: 'phx_emulator',
  projectId: 1,
  /** A second project of the same organisation. */
  otherProjectId: 2,
  userId: 1,
  flags: {
    /** A valid experiment flag: multivariate `control`/`test`, 50/50. */
    experiment: 'checkout-flow',
    /** A boolean flag without variants: experiments cannot use it. */
    boolean: 'beta-banner',
  },
} as const;

const variantFilters = (variants: Array<[string, number]>) => ({
  groups: [{ properties: [], rollout_percentage: 100 }],
  multivariate: { variants: variants.map(([key, rollout_percentage]) => ({ key, name: null, rollout_percentage })) },
  payloads: {},
  aggregation_group_type_index: null,
});

/** Builds a fresh copy of the default PostHog fixtures. */
export function defaultPhFixtures(): PhFixtures {
  return {
    user: {
      id: PH_FIXTURE_KEYS.userId,
      uuid: '0188c6a2-7e4b-7000-8000-000000000001',
      distinct_id: 'emulator-user',
      first_name: 'Emulator',
      last_name: 'User',
      email: 'emulator@example.com',
      is_email_verified: true,
      hedgehog_config: null,
      role_at_organization: 'engineering',
    },
    projects: [
      {
        id: PH_FIXTURE_KEYS.projectId,
        name: 'Default project',
        flags: [
          {
            id: 101,
            key: PH_FIXTURE_KEYS.flags.experiment,
            name: 'Checkout flow experiment flag',
            filters: variantFilters([
              ['control', 50],
              ['test', 50],
            ]),
            active: false,
            deleted: false,
            ensure_experience_continuity: false,
            version: 1,
          },
          {
            id: 102,
            key: PH_FIXTURE_KEYS.flags.boolean,
            name: 'Beta banner',
            filters: { groups: [{ properties: [], rollout_percentage: 20 }], payloads: {} },
            active: true,
            deleted: false,
            ensure_experience_continuity: false,
            version: 3,
          },
        ],
      },
      { id: PH_FIXTURE_KEYS.otherProjectId, name: 'Staging', flags: [] },
    ],
  };
}
