import { client } from './client';

/** Reads LaunchDarkly's rate-limit headers after a successful call. */
export async function main(): Promise<void> {
  const ld = client();
  // example-start
  const { data: experiment, response } = await ld.getExperiment({ experimentKey: 'checkout-button' }).withResponse();
  const remaining = response.headers['x-ratelimit-route-remaining'];
  const resetAt = new Date(Number(response.headers['x-ratelimit-reset'])); // LaunchDarkly sends epoch milliseconds
  console.log(`${experiment.key}: ${remaining} requests left on this route until ${resetAt.toISOString()}`);
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
