import { existsSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// CommonJS build of the public entry points into dist/ (`npm run build`, which then runs the
// scripts/packaging/ steps on the result).
// - One implementation per entry. Two full builds (ESM + CommonJS) shipped the code twice and gave
//   `import` and `require` different class objects (the dual-package hazard: `instanceof
//   RateLimitError` failed across them). CommonJS is the one built because ESM can import it
//   everywhere while `require` of ESM is not available on every Node 20; the ESM entries (.mjs,
//   .d.mts) are re-export wrappers written by scripts/packaging/esm-wrappers.mjs from the built
//   module's own export list, so they cannot drift from it.
// - The generated client (generated/: extensionless CommonJS-style imports that tsc cannot emit as
//   native ESM) is bundled into each entry, so the package has no runtime dependencies.
// - Three builds run in parallel, so none of them cleans: `npm run build` deletes dist/ first.
// - The emulator entry (only when src/emulator/ exists) also bundles `ajv`, which it needs at run
//   time, so installing the SDK never pulls it in. Its licence is collected into
//   dist/emulator/THIRD_PARTY_LICENSES.txt by scripts/packaging/third-party-licenses.mjs.
// - Source maps are built for local debugging but not published ("!dist/**/*.map" in package.json
//   `files`): they were more than half of the package.
// - No `shims`: with no ESM bundle there is nothing to shim (`__dirname`, which the emulator uses to
//   find its spec, is native in CommonJS).
const hasEmulator = existsSync('src/emulator/index.ts');
const hasCli = existsSync('src/emulator/cli.ts');

const common: Options = {
  outDir: 'dist',
  platform: 'node',
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  splitting: false,
  format: ['cjs'],
  clean: false,
  noExternal: ['ajv'],
};

const library: Options = {
  ...common,
  entry: { index: 'src/index.ts' },
  dts: true,
};

// A separate build because only the emulator is minified.
const emulator: Options = {
  ...library,
  entry: { 'emulator/index': 'src/emulator/index.ts' },
  // A test tool that bundles ajv: minified to keep the package small (the SDK entry is not).
  minify: true,
  // Only a YAML spec passed by the user needs `yaml` (src/emulator/spec.ts requires it then, and says
  // to install it if missing): the emulator's own spec is JSON, so the parser is not shipped.
  external: ['yaml'],
};

// The CLI is a bin only (CommonJS, `require.main === module`); it loads the emulator from the
// sibling dist/emulator/index.js instead of bundling a second copy of it.
const cli: Options = {
  ...common,
  entry: { 'emulator/cli': 'src/emulator/cli.ts' },
  dts: false,
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
