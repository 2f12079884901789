/**
 * The generated runtime (templates/typescript-fetch/runtime.mustache) must not touch the `FormData` global for
 * a plain JSON body or no body: on Node 20 reading `FormData` loads undici (~50 ms on the first call) even
 * though the default transport is node:http. A fresh child process runs the SDK's TypeScript sources
 * (transpiled on load), makes a GET and a PATCH with a JSON body through the default transport against a
 * loopback server here, and reports whether undici appears in `process.moduleLoadList`.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exampleResponse, json, startServer, type LocalServer } from '../security/local-server';

const ROOT = join(__dirname, '..', '..');

/** Runs in the child: a `.ts` require hook, then the calls; prints what was loaded after each step. */
const CHILD = `
const fs = require('node:fs');
const ts = require(${JSON.stringify(require.resolve('typescript'))});
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
const undici = () => process.moduleLoadList.some((name) => name.includes('undici'));
const { LaunchDarklyExperiments } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))});
(async () => {
  const client = new LaunchDarklyExperiments({
    apiKey: 'api-0123456789abcdef', baseUrl: process.argv[1], projectKey: 'default',
    environmentKey: 'production', maxRetries: 0,
  });
  const seen = { start: undici() };
  await client.getExperiment({ experimentKey: 'checkout-button' });
  seen.afterGet = undici();
  await client.archiveExperiment('checkout-button');
  seen.afterJsonBody = undici();
  void typeof FormData; // the control: reading the global does load it
  seen.afterFormDataRead = undici();
  console.log(JSON.stringify(seen));
})().catch((error) => { console.error(error); process.exit(1); });
`;

let server: LocalServer;
beforeAll(async () => {
  const experiment = exampleResponse('getExperiment');
  server = await startServer((_req, res) => json(res, 200, experiment));
});
afterAll(() => server.close());

test('a GET and a JSON PATCH through the default transport load no undici', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', CHILD, server.url], {
    cwd: ROOT,
    timeout: 60_000,
  });
  const seen = JSON.parse(stdout.trim().split('\n').pop()!);
  expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PATCH']);
  expect(JSON.parse(server.requests[1].body)).toMatchObject({ instructions: [{ kind: 'archiveExperiment' }] });
  expect(seen).toEqual({ start: false, afterGet: false, afterJsonBody: false, afterFormDataRead: true });
}, 90_000);
