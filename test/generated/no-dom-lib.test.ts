/**
 * generated/ must compile without the DOM lib (ES2022 + @types/node only, as tsconfig.json and our users'
 * Node projects do): the stock runtime names DOM-only types (`RequestCredentials`,
 * `WindowOrWorkerGlobalScope`), which the runtime.mustache override replaces (templates/README.md).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const GENERATED = join(__dirname, '..', '..', 'generated');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

test('generated/ type-checks with lib ES2022 and no DOM', () => {
  const program = ts.createProgram(tsFiles(GENERATED), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [join(__dirname, '..', '..', 'node_modules', '@types')],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  expect(program.getCompilerOptions().lib).toEqual(['lib.es2022.d.ts']);
  const errors = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? d.file.fileName.slice(GENERATED.length + 1) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(errors).toEqual([]);
}, 60_000);
