import { client } from './client';

/** Lists every running experiment, newest first, across all pages. */
export async function main(): Promise<void> {
  const posthog = client();
  // example-start
  for await (const experiment of posthog.experiments.list({ status: 'running', order: '-start_date' })) {
    console.log(`${experiment.id}\t${experiment.name}\t${experiment.feature_flag_key}`);
  }
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
