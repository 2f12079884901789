import { createClient } from 'redis';
import { LaunchDarklyExperiments, redisRateLimitStore } from 'experiments-api';

/**
 * One rate-limit budget for every worker using the same token: each process creates its client like this.
 * Needs a Redis (REDIS_URL, default redis://localhost:6379) and the LD_* variables of client.ts.
 */
export async function main(): Promise<void> {
  // example-start
  const redis = createClient({ url: process.env.REDIS_URL });
  await redis.connect();
  const ld = new LaunchDarklyExperiments({
    apiKey: process.env.LD_API_KEY ?? '',
    baseUrl: process.env.LD_BASE_URL, // unset: https://app.launchdarkly.com
    projectKey: 'default',
    environmentKey: 'production',
    rateLimitStore: redisRateLimitStore({ client: redis }), // or an ioredis client
  });
  const page = await ld.getExperiments({ filter: { status: 'running' } });
  console.log(`${page.total_count} running experiments`);
  redis.destroy();
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
