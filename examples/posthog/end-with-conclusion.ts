import { client } from './client';

/** Ends the "Checkout button copy" experiment with a conclusion. */
export async function main(): Promise<void> {
  const posthog = client();
  // example-start
  const page = await posthog.experiments.list({ search: 'Checkout button copy' });
  const experiment = page.results[0];
  const ended = await posthog.experiments.end(experiment.id, {
    conclusion: 'won',
    conclusion_comment: 'Clear lift in revenue per user.',
  });
  console.log(`experiment ${ended.id} ended ${ended.end_date?.toISOString()}: ${ended.conclusion}`);
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
