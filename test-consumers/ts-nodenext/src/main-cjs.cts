// TypeScript consumer, moduleResolution NodeNext, CommonJS module (.cts): TypeScript types it with dist/index.d.cts (`require`
// condition); Node >= 20.19 runs the ES modules (dist/index.node.mjs, `module-sync` condition).
import { ApiError, LaunchDarklyExperiments, NotFoundError } from 'experiments-api';
import type { Experiment, ExperimentPost } from 'experiments-api';
import { LD_FIXTURE_KEYS, sampleExperimentPost, startEmulator } from 'experiments-api/emulator';
import type { RunningEmulator } from 'experiments-api/emulator';

const LABEL = 'ts-nodenext (cjs)';

/** Never called: proves the published types are real (an `any` would make the directive unused). */
export function typeChecks(client: LaunchDarklyExperiments): void {
  // @ts-expect-error experimentKey must be a string
  void client.getExperiment({ experimentKey: 42 });
}

async function main(): Promise<void> {
  const emulator: RunningEmulator = await startEmulator();
  try {
    const client = new LaunchDarklyExperiments({
      apiKey: LD_FIXTURE_KEYS.apiKey,
      baseUrl: emulator.url,
      projectKey: LD_FIXTURE_KEYS.projectKey,
      environmentKey: LD_FIXTURE_KEYS.environments.production,
    });
    const post = sampleExperimentPost('consumer-ts-nodenext') as ExperimentPost;
    const created: Experiment = await client.createExperiment({ experiment: post });
    const experiments: Experiment[] = await client.getExperiments().toArray({ max: 50 });
    if (experiments.length !== 1 || experiments[0].key !== created.key) {
      throw new Error(`expected 1 experiment, got ${JSON.stringify(experiments.map((e) => e.key))}`);
    }
    let typed = 'none';
    try {
      await client.getExperiment({ experimentKey: 'does-not-exist' });
    } catch (error) {
      if (!(error instanceof NotFoundError) || !(error instanceof ApiError)) throw error;
      const status: number = error.status;
      if (status !== 404) throw error;
      typed = error.constructor.name;
    }
    if (typed !== 'NotFoundError') throw new Error('getExperiment of a missing key did not throw');
    const entry = require.resolve('experiments-api').split('node_modules/experiments-api/')[1];
    console.log(`${LABEL}: listed ${experiments.length} experiment, typed error ${typed} (${entry})`);
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(`${LABEL}: FAILED`, error);
  process.exit(1);
});
