import { LaunchDarklyExperiments, ServerError } from 'experiments-api';
import { LD_FIXTURE_KEYS, sampleExperimentPost, startEmulator } from 'experiments-api/emulator';

/** Uses the emulator the way a test suite would: a real server on loopback, faults, and the request log. */
export async function main(): Promise<void> {
  // example-start
  const emulator = await startEmulator(); // free port on 127.0.0.1, fixtures in LD_FIXTURE_KEYS
  try {
    const ld = new LaunchDarklyExperiments({
      apiKey: LD_FIXTURE_KEYS.apiKey,
      baseUrl: emulator.url,
      projectKey: LD_FIXTURE_KEYS.projectKey,
      environmentKey: 'production',
    });

    // A 503 once: the GET is retried and succeeds.
    emulator.faults.add({ kind: 'status', status: 503, operationId: 'getExperiments', times: 1 });
    const page = await ld.getExperiments();
    console.log(`listed ${page.items.length} experiments after ${emulator.requests.length} requests`);

    // A 500 on a write: never retried, so the server saw the POST exactly once.
    emulator.faults.add({ kind: 'status', status: 500, operationId: 'createExperiment', times: 1 });
    const failed = await ld
      .createExperiment({ experiment: sampleExperimentPost('checkout-button') })
      .catch((error: unknown) => error);
    const posts = emulator.requests.filter((r) => r.method === 'POST').length;
    console.log(`${failed instanceof ServerError ? 'ServerError' : 'unexpected'}; POSTs received: ${posts}`);

    // Rate-limit mode: real X-Ratelimit-* headers; the client paces itself instead of failing.
    emulator.configure({ rateLimit: { budget: 5, windowMs: 1000 } });
    for (let i = 0; i < 8; i++) await ld.getExperimentationSettings();
    console.log(
      `8 calls under a 5-per-second limit: ${emulator.requests.filter((r) => r.status === 429).length} answered 429`,
    );
  } finally {
    await emulator.close(); // closes keep-alive sockets too, so jest exits cleanly
  }
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
