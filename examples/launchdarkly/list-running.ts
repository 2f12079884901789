import { client } from './client';

/** Lists every running experiment of the environment, across all pages. */
export async function main(): Promise<void> {
  const ld = client();
  // example-start
  for await (const experiment of ld.getExperiments({ filter: { status: 'running' }, limit: 50 })) {
    console.log(
      `${experiment.key}\t${experiment.name}\tstarted ${new Date(experiment.currentIteration?.startedAt ?? 0).toISOString()}`,
    );
  }
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
