// Launcher of smoke.mjs for runtimes that run a file (Node, Bun, Deno): `<runtime> cli.mjs <emulator-url>`.
// Prints one JSON line: {"ok":true,"checks":[...],"shared":true} or {"ok":false,"error":"..."}. `shared`: the
// package's `require` and `import` give the same classes here (no dual-package hazard on this runtime).
import { createRequire } from 'node:module';
import * as imported from 'experiments-api';
import { smoke } from './smoke.mjs';

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
try {
  const checks = await smoke(args[0]);
  const required = createRequire(import.meta.url)('experiments-api');
  const shared = required.NotFoundError === imported.NotFoundError && required.ApiError === imported.ApiError;
  console.log(JSON.stringify({ ok: shared, checks, shared }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error && error.message) }));
}
