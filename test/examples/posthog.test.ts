import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, PH_FIXTURE_KEYS, type RunningEmulator } from 'experiments-api/emulator';
import * as createAndLaunch from '../../examples/posthog/create-and-launch';
import * as listRunning from '../../examples/posthog/list-running';
import * as endWithConclusion from '../../examples/posthog/end-with-conclusion';
import { snippet } from './snippet';

const EXAMPLES = ['create-and-launch', 'list-running', 'end-with-conclusion'];

describe('README PostHog examples', () => {
  it.each(EXAMPLES)('README shows %s exactly as it runs in CI', (name) => {
    expect(readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8')).toContain(snippet('posthog', name));
  });
});

describe('PostHog examples against the emulator', () => {
  let emulator: RunningEmulator;
  const saved = { ...process.env };
  const lines: string[] = [];

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    emulator = await startEmulator();
    process.env.POSTHOG_HOST = emulator.url;
    process.env.POSTHOG_PERSONAL_API_KEY = PH_FIXTURE_KEYS.apiKey;
    process.env.POSTHOG_PROJECT_ID = String(PH_FIXTURE_KEYS.projectId);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    process.env = saved;
    await emulator.close();
  });

  it('create with a mean and a funnel metric, launch, list running, end with a conclusion', async () => {
    await createAndLaunch.main();
    await listRunning.main();
    await endWithConclusion.main();
    expect(lines[0]).toMatch(/^experiment \d+ launched at 20\d\d-/);
    expect(lines).toContainEqual(expect.stringMatching(/^\d+\tCheckout button copy\tcheckout-button-copy$/));
    expect(lines[lines.length - 1]).toMatch(/^experiment \d+ ended 20\d\d-.*: won$/);
  });
});
