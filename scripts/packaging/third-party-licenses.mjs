// Writes dist/<entry dir>/THIRD_PARTY_LICENSES.txt for every bundle that inlines code from
// node_modules (today: the emulator, which bundles ajv with its dependencies).
// The package list is read from each bundle's source map, so it follows whatever esbuild inlined.
// Fails when an inlined package has no licence file.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');
const dist = join(root, 'dist');

function packagesIn(mapFile) {
  const { sources } = JSON.parse(readFileSync(mapFile, 'utf8'));
  const names = new Set();
  for (const source of sources) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
    if (m && m[1] !== 'tsup') names.add(m[1]); // tsup's own ESM shim (MIT) is two lines of glue
  }
  return [...names].sort();
}

function licenceOf(name) {
  const dir = join(root, 'node_modules', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  if (!file) throw new Error(`third-party-licenses: ${name} has no LICENSE file`);
  return `${name}@${pkg.version} (${pkg.license})\n${'-'.repeat(60)}\n${readFileSync(join(dir, file), 'utf8').trim()}\n`;
}

let written = 0;
for (const sub of [
  '',
  ...readdirSync(dist, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name),
]) {
  const dir = join(dist, sub);
  const maps = readdirSync(dir).filter((f) => f.endsWith('.js.map') || f.endsWith('.mjs.map'));
  const names = [...new Set(maps.flatMap((m) => packagesIn(join(dir, m))))].sort();
  if (names.length === 0) continue;
  const text =
    `The bundles in this directory include code from these packages, under their own licences:\n\n` +
    names.map(licenceOf).join('\n');
  writeFileSync(join(dir, 'THIRD_PARTY_LICENSES.txt'), text);
  console.log(`third-party-licenses: ${join('dist', sub, 'THIRD_PARTY_LICENSES.txt')}: ${names.join(', ')}`);
  written++;
}
if (written === 0 && existsSync(join(dist, 'emulator'))) {
  throw new Error('third-party-licenses: the emulator bundle inlines no package? (expected ajv)');
}
