// Jest 29 runs tests in its own CommonJS module loader, which cannot `require` ES modules; `exports`
// sends its `require` to the package's CommonJS build (dist/index.cjs), which Node >= 20.19 never loads.
const path = require('node:path');
const { LaunchDarklyExperiments, PostHogExperiments, NotFoundError, ApiError } = require('experiments-api');
const { startEmulator, LD_FIXTURE_KEYS, PH_FIXTURE_KEYS, sampleExperimentPost } = require('experiments-api/emulator');

let emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

test('Jest loads the CommonJS build', () => {
  const entry = path.relative(
    path.join(__dirname, 'node_modules', 'experiments-api'),
    require.resolve('experiments-api'),
  );
  expect(entry).toBe(path.join('dist', 'index.cjs'));
});

test('LaunchDarkly client: create, list, and a typed error', async () => {
  const ld = new LaunchDarklyExperiments({
    apiKey: LD_FIXTURE_KEYS.apiKey,
    baseUrl: emulator.url,
    projectKey: LD_FIXTURE_KEYS.projectKey,
    environmentKey: LD_FIXTURE_KEYS.environments.production,
  });
  await ld.createExperiment({ experiment: sampleExperimentPost('consumer-jest29') });
  const experiments = await ld.getExperiments().toArray({ max: 50 });
  expect(experiments.map((e) => e.key)).toEqual(['consumer-jest29']);
  const missing = ld.getExperiment({ experimentKey: 'does-not-exist' });
  await expect(missing).rejects.toBeInstanceOf(NotFoundError);
  await expect(missing).rejects.toBeInstanceOf(ApiError);
});

test('PostHog client: list', async () => {
  const ph = new PostHogExperiments({
    apiKey: PH_FIXTURE_KEYS.apiKey,
    host: emulator.url,
    projectId: PH_FIXTURE_KEYS.projectId,
  });
  const page = await ph.experiments.list();
  expect(Array.isArray(page.results)).toBe(true);
});
