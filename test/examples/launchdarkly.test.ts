import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, LD_FIXTURE_KEYS, type RunningEmulator } from 'experiments-api/emulator';
import * as createAndStart from '../../examples/launchdarkly/create-and-start';
import * as listRunning from '../../examples/launchdarkly/list-running';
import * as readResults from '../../examples/launchdarkly/read-results';
import * as stopWithWinner from '../../examples/launchdarkly/stop-with-winner';
import * as changeSettings from '../../examples/launchdarkly/change-settings';
import * as rateLimitHeaders from '../../examples/launchdarkly/rate-limit-headers';
import * as treatmentsFromFlag from '../../examples/launchdarkly/treatments-from-flag';
import * as semanticPatch from '../../examples/launchdarkly/semantic-patch';
import { snippet } from './snippet';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = [
  'create-and-start',
  'list-running',
  'read-results',
  'stop-with-winner',
  'change-settings',
  'rate-limit-headers',
  'treatments-from-flag',
  'semantic-patch',
];

describe('README examples', () => {
  it.each(EXAMPLES)('README shows %s exactly as it runs in CI', (name) => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(snippet('launchdarkly', name));
  });
});

describe('LaunchDarkly examples against the emulator', () => {
  let emulator: RunningEmulator;
  const saved = { ...process.env };
  const lines: string[] = [];

  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    // LaunchDarkly sends X-Ratelimit-* headers on every response; the emulator does in rate-limit mode.
    emulator = await startEmulator({ rateLimit: { budget: 1_000 } });
    process.env.LD_BASE_URL = emulator.url;
    process.env.LD_API_KEY = LD_FIXTURE_KEYS.apiKey;
    process.env.LD_PROJECT_KEY = LD_FIXTURE_KEYS.projectKey;
    process.env.LD_ENVIRONMENT_KEY = 'production';
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    process.env = saved;
    await emulator.close();
  });

  it('create and start, list running, read results, stop with a winner, change settings', async () => {
    await createAndStart.main();
    await listRunning.main();
    await readResults.main();
    await stopWithWinner.main();
    await changeSettings.main();
    await rateLimitHeaders.main();
    await treatmentsFromFlag.main();
    await semanticPatch.main();
    expect(lines.some((l) => l.startsWith('checkout-button\tCheckout button placement\tstarted 20'))).toBe(true);
    expect(lines.filter((l) => / mean 0\.\d{3} /.test(l))).toHaveLength(2);
    expect(lines).toContain('randomization units: user (default), organization');
    expect(lines.join('\n')).toMatch(/checkout-button: iteration \S+ is running/);
    expect(lines.join('\n')).toMatch(
      /Above the fold\s+mean 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\] P\(best\) \d\.\d\d units \d+/,
    );
    expect(lines.join('\n')).toMatch(/checkout-button: stopped, winner 7a8b9c0d-55f6-49dd-a02f-eb24acf39d06/);
    expect(lines.join('\n')).toMatch(/checkout-button: \d+ requests left on this route until 20\d\d-/);
    expect(lines).toContain('checkout-every-position: Control 34%, Above the fold 33%, Sticky footer 33%');
    expect(lines).toContain('checkout-button: renamed "Checkout CTA", archived true');
  });
});
