import { PostHogExperiments } from 'experiments-api';

/**
 * The client every PostHog example uses. Against PostHog set POSTHOG_PERSONAL_API_KEY and
 * POSTHOG_PROJECT_ID; CI points POSTHOG_HOST at the local emulator.
 */
export function client(): PostHogExperiments {
  return new PostHogExperiments({
    apiKey: process.env.POSTHOG_PERSONAL_API_KEY ?? '',
    host: process.env.POSTHOG_HOST ?? 'us', // 'us' | 'eu' | your self-hosted URL
    projectId: Number(process.env.POSTHOG_PROJECT_ID ?? 1),
  });
}
