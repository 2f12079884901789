import { existsSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// Dual ESM + CommonJS build of the public entry points into dist/ (`npm run build`).
// - The generated client (generated/: extensionless CommonJS-style imports that tsc cannot emit as
//   native ESM) is bundled into each entry, so the package has no runtime dependencies.
// - The package is "type": "commonjs", so CommonJS gets .js/.d.ts and ESM gets .mjs/.d.mts.
// - Three builds run in parallel, so none of them cleans: `npm run build` deletes dist/ first.
// - The emulator entry (only when src/emulator/ exists) also bundles `yaml` and `ajv`, which it
//   needs at run time, so installing the SDK never pulls them in. Their licences are collected into
//   dist/emulator/THIRD_PARTY_LICENSES.txt by scripts/packaging/third-party-licenses.mjs.
// - Source maps are built for local debugging but not published ("!dist/**/*.map" in package.json
//   `files`): they were more than half of the package.
// - The emulator finds openapi.yaml by walking up from its own file (src/emulator/spec.ts), so
//   dist/emulator/*.js finds the copy at the package root (`files` in package.json ships it).
const hasEmulator = existsSync('src/emulator/index.ts');
const hasCli = existsSync('src/emulator/cli.ts');

const common: Options = {
  outDir: 'dist',
  platform: 'node',
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  splitting: false,
  // Provides `__dirname` in the ESM output (the emulator locates openapi.yaml with it).
  shims: true,
  noExternal: ['yaml', 'ajv'],
};

const library: Options = {
  ...common,
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: false,
};

// The emulator is a separate build only because of the ESM banner below.
const emulator: Options = {
  ...library,
  entry: { 'emulator/index': 'src/emulator/index.ts' },
  // A test tool that bundles ajv and yaml: minified to keep the package small (the SDK entry is not).
  minify: true,
  // yaml and ajv are CommonJS and require() Node built-ins; esbuild's ESM output can only do that
  // through a real `require`, so the ESM emulator bundle creates one.
  banner: ({ format }) =>
    format === 'esm'
      ? {
          js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
        }
      : {},
};

// The CLI is a bin only (CommonJS, `require.main === module`); it loads the emulator from the
// sibling dist/emulator/index.js instead of bundling a second copy of it.
const cli: Options = {
  ...common,
  entry: { 'emulator/cli': 'src/emulator/cli.ts' },
  format: ['cjs'],
  dts: false,
  clean: false,
  esbuildPlugins: [
    {
      name: 'emulator-cli-uses-sibling-bundle',
      setup(build) {
        build.onResolve({ filter: /^\.\/index$/ }, (args) =>
          args.importer.endsWith('cli.ts') ? { path: './index.js', external: true } : undefined,
        );
      },
    },
  ],
};

export default defineConfig([library, ...(hasEmulator ? [emulator] : []), ...(hasEmulator && hasCli ? [cli] : [])]);
