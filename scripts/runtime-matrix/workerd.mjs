// Runs the bundled worker (worker.mjs) in workerd through miniflare, with no compatibility flags and a
// current compatibility date: `node workerd.mjs <bundle.js> <emulator-url> <compatibility-date>`.
// Prints the worker's JSON line. The worker's outbound fetch goes straight to the loopback emulator.
import { Miniflare } from 'miniflare';

const [scriptPath, base, compatibilityDate] = process.argv.slice(2);
const mf = new Miniflare({
  modules: true,
  scriptPath,
  compatibilityDate,
  compatibilityFlags: [],
  bindings: { EMULATOR_URL: base },
});
try {
  const response = await mf.dispatchFetch('http://localhost/');
  console.log(await response.text());
} finally {
  await mf.dispose();
}
