// Launcher of smoke.mjs for runtimes that run a file (Node, Bun, Deno): `<runtime> cli.mjs <emulator-url>`.
// Prints one JSON line: {"ok":true,"checks":[...]} or {"ok":false,"error":"..."}.
import { smoke } from './smoke.mjs';

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
try {
  const checks = await smoke(args[0]);
  console.log(JSON.stringify({ ok: true, checks }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error && error.message) }));
}
