import { LaunchDarklyExperiments } from 'experiments-api';

/**
 * The client every example uses. Against the real API set LD_API_KEY (and LD_PROJECT_KEY /
 * LD_ENVIRONMENT_KEY); CI points LD_BASE_URL at the local emulator.
 */
export function client(): LaunchDarklyExperiments {
  return new LaunchDarklyExperiments({
    apiKey: process.env.LD_API_KEY ?? '',
    baseUrl: process.env.LD_BASE_URL, // unset: https://app.launchdarkly.com
    projectKey: process.env.LD_PROJECT_KEY ?? 'default',
    environmentKey: process.env.LD_ENVIRONMENT_KEY ?? 'production',
  });
}
