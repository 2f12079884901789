// Native ESM consumer: import must load dist/index.node.mjs and dist/emulator/index.mjs.
import { LaunchDarklyExperiments, NotFoundError, ApiError } from 'experiments-api';
import { startEmulator, LD_FIXTURE_KEYS, sampleExperimentPost } from 'experiments-api/emulator';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// One implementation behind import and require: the error classes are the same objects.
const required = createRequire(import.meta.url)('experiments-api');
if (required.NotFoundError !== NotFoundError || required.ApiError !== ApiError) {
  throw new Error('esm: import and require of experiments-api give different error classes');
}

const emulator = await startEmulator();
try {
  const client = new LaunchDarklyExperiments({
    apiKey: LD_FIXTURE_KEYS.apiKey,
    baseUrl: emulator.url,
    projectKey: LD_FIXTURE_KEYS.projectKey,
    environmentKey: LD_FIXTURE_KEYS.environments.production,
  });
  await client.createExperiment({ experiment: sampleExperimentPost('consumer-esm') });
  const experiments = await client.getExperiments().toArray({ max: 50 });
  if (experiments.length !== 1 || experiments[0].key !== 'consumer-esm') {
    throw new Error(`expected 1 experiment, got ${JSON.stringify(experiments.map((e) => e.key))}`);
  }
  let typed = 'none';
  try {
    await client.getExperiment({ experimentKey: 'does-not-exist' });
  } catch (error) {
    if (!(error instanceof NotFoundError) || !(error instanceof ApiError) || error.status !== 404) throw error;
    typed = error.constructor.name;
  }
  if (typed !== 'NotFoundError') throw new Error('getExperiment of a missing key did not throw');
  const entry = fileURLToPath(import.meta.resolve('experiments-api')).split('node_modules/experiments-api/')[1];
  console.log(`esm: listed ${experiments.length} experiment, typed error ${typed} (${entry})`);
} catch (error) {
  console.error('esm: FAILED', error);
  process.exitCode = 1;
} finally {
  await emulator.close();
}
