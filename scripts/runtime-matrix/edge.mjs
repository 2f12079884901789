// Runs the bundled smoke program in Vercel's edge-runtime (the Edge Runtime VM, web APIs only):
// `node edge.mjs <bundle.js> <emulator-url>`. The bundle is an IIFE that defines `__smoke.smoke`.
import { readFileSync } from 'node:fs';
import { EdgeRuntime } from 'edge-runtime';

const [bundlePath, base] = process.argv.slice(2);
const runtime = new EdgeRuntime({ initialCode: readFileSync(bundlePath, 'utf8') });
const result = await runtime.evaluate(
  `__smoke.smoke(${JSON.stringify(base)}).then(
     (checks) => JSON.stringify({ ok: true, checks }),
     (error) => JSON.stringify({ ok: false, error: String(error && error.message) }))`,
);
console.log(result);
