import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The code of `examples/<vendor>/<name>.ts` between `// example-start` and `// example-end`, dedented. */
export function snippet(vendor: string, name: string): string {
  const text = readFileSync(join(__dirname, '..', '..', 'examples', vendor, `${name}.ts`), 'utf8');
  const body = text.split('// example-start\n')[1].split('// example-end')[0];
  const lines = body.split('\n').filter((l, i, all) => i < all.length - 1 || l.trim() !== '');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines
    .map((l) => l.slice(indent))
    .join('\n')
    .trimEnd();
}
