// CommonJS consumer: require() loads the SDK's ES modules (dist/index.node.mjs: Node >= 20.19 matches the `module-sync` condition)
// and the CommonJS dist/emulator/index.js.
const { LaunchDarklyExperiments, NotFoundError, ApiError } = require('experiments-api');
const { startEmulator, LD_FIXTURE_KEYS, sampleExperimentPost } = require('experiments-api/emulator');
const path = require('node:path');

async function main() {
  const emulator = await startEmulator();
  try {
    const client = new LaunchDarklyExperiments({
      apiKey: LD_FIXTURE_KEYS.apiKey,
      baseUrl: emulator.url,
      projectKey: LD_FIXTURE_KEYS.projectKey,
      environmentKey: LD_FIXTURE_KEYS.environments.production,
    });
    await client.createExperiment({ experiment: sampleExperimentPost('consumer-cjs') });
    const experiments = await client.getExperiments().toArray({ max: 50 });
    if (experiments.length !== 1 || experiments[0].key !== 'consumer-cjs') {
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
    const entry = path.relative(
      path.join(__dirname, 'node_modules', 'experiments-api'),
      require.resolve('experiments-api'),
    );
    console.log(`cjs: listed ${experiments.length} experiment, typed error ${typed} (${entry})`);
  } finally {
    await emulator.close();
  }
}

main().catch((error) => {
  console.error('cjs: FAILED', error);
  process.exit(1);
});
