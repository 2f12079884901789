// Writes the ESM face of the CommonJS emulator entry in dist/ (run by `npm run build`, after tsup; the SDK
// entry itself is ES modules, which `require` loads directly, and only its declarations get a face here:
// dist/index.d.mts re-exports dist/index.d.cts, so the package ships one copy of them):
//   dist/<entry>.mjs         re-exports the named exports of the CommonJS build
//   dist/<entry>.bridge.cjs  hands the CommonJS build to the .mjs
//   dist/<entry>.d.mts       re-exports the CommonJS declarations
// `import` and `require` then share one implementation, so a class (e.g. RateLimitError) is the same
// object under both and `instanceof` works across them, and the code ships once.
// The export list is read from the built module's own keys, so it cannot drift from the CommonJS build.
// Why the bridge: when ESM imports a CommonJS file, Node first scans that file for export names
// (cjs-module-lexer); for a 370 kB bundle that took ~30 ms on Node 20, several times the cost of loading
// it. The .mjs lists the names itself, so it imports a two-line file instead, whose only export is an
// object holding the bundle (no `__esModule` on it, so bundlers' default-import interop agrees).
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const ENTRIES = ['dist/emulator/index.js'];
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

// tsup names the CommonJS build's declarations dist/index.d.ts (its declaration worker does not see
// `outExtension`); in a "type": "commonjs" package that is right, but .d.cts pairs with index.cjs.
const sdkTypes = join(root, 'dist', 'index.d.ts');
if (existsSync(sdkTypes)) {
  renameSync(sdkTypes, sdkTypes.replace(/\.d\.ts$/, '.d.cts'));
  writeFileSync(sdkTypes.replace(/\.d\.ts$/, '.d.mts'), `export * from './index.cjs';\n`);
  console.log('esm-wrappers: dist/index.d.cts (tsup wrote dist/index.d.ts), and dist/index.d.mts re-exporting it');
}

for (const entry of ENTRIES) {
  const file = join(root, entry);
  if (!existsSync(file)) continue;
  const names = Object.keys(require(file)).sort();
  if (names.length === 0) throw new Error(`esm-wrappers: ${entry} exports nothing`);
  const bad = names.filter((n) => !IDENTIFIER.test(n) || n === 'default');
  if (bad.length)
    throw new Error(`esm-wrappers: ${entry} exports names an ESM wrapper cannot declare: ${bad.join(', ')}`);
  const self = `./${basename(file)}`;
  const bridge = file.replace(/\.js$/, '.bridge.cjs');
  writeFileSync(
    bridge,
    `'use strict';\n// Lets ${basename(file, '.js')}.mjs load ${self} without Node scanning it for export names` +
      ` (the .mjs lists them).\n` +
      `const cjs = require('${self}');\nmodule.exports = { cjs };\n`,
  );
  const js =
    `// ESM entry: the named exports of the CommonJS build (one implementation for import and require).\n` +
    `import bridge from './${basename(bridge)}';\n` +
    `export const {\n${names.map((n) => `  ${n},`).join('\n')}\n} = bridge.cjs;\n`;
  writeFileSync(file.replace(/\.js$/, '.mjs'), js);
  writeFileSync(file.replace(/\.js$/, '.d.mts'), `export * from '${self}';\n`);
  console.log(`esm-wrappers: ${entry.replace(/\.js$/, '.mjs')} (+ .d.mts): ${names.length} named exports`);
}
