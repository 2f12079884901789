import { existsSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// Builds dist/ (`npm run build`, which then runs the scripts/packaging/ steps on the result).
// - The SDK (`experiments-api`) is ES modules. On Node both `import` and `require` load one file of them,
//   dist/index.node.mjs (`require` of ES modules: Node >= 20.19, hence `engines`; package.json sends both
//   there with the `module-sync` condition, which only Node knows). So a class is the same object under
//   both (`instanceof RateLimitError` works across them: no dual-package hazard on Node), and `import` costs
//   what `require` costs. One file, because Node loads it about 2 ms faster than an entry with three chunks
//   (bench/cold-start.js), and Node does not tree-shake.
// - The same modules split, for bundlers, Bun and Deno (dist/index.mjs), so bundlers can drop a vendor: besides `index`, the LaunchDarkly and PostHog clients are entries
//   of their own, so the code only one of them reaches lands in its own chunk (dist/internal/), and an app
//   importing only `LaunchDarklyExperiments` never pulls the PostHog chunk (`sideEffects: false`), nor the
//   reverse. The internal entries are not in `exports`; only their chunks matter. Nothing here names a
//   generated file, so regenerating generated/ cannot break the split.
// - A CommonJS copy of the SDK (dist/index.cjs, one file) for the loaders that cannot `require` ES modules
//   and so never match `module-sync`: Jest 29's module registry and other tools with a `require` of their
//   own, Node before 20.19 (ts-node on Node >= 20.19 uses Node's and gets the ES modules). Bundlers get the
//   ES modules (`import`/`module` conditions) even for a `require`. Its declarations (dist/index.d.cts) are the only copy: dist/index.d.mts re-exports them
//   (written by scripts/packaging/esm-wrappers.mjs).
// - The generated client (generated/) is bundled into the chunks, so the package has no runtime
//   dependencies.
// - The emulator entry stays one CommonJS bundle (it needs `__dirname` and `require.main`, and shares no code
//   with the SDK); scripts/packaging/esm-wrappers.mjs writes its ESM face. It also bundles `ajv`, which it
//   needs at run time, so installing the SDK never pulls it in. Its licence is collected into
//   dist/emulator/THIRD_PARTY_LICENSES.txt by scripts/packaging/third-party-licenses.mjs.
// - The builds run in parallel, so none of them cleans: `npm run build` deletes dist/ first.
// - Source maps are built for local debugging but not published ("!dist/**/*.map" in package.json
//   `files`): they were more than half of the package.
// - DEMO_BUILD=1 (scripts/demo.js) builds only what the demo runs, into node_modules/.cache/experiments-api-demo:
//   no declarations, source maps, CommonJS SDK, CLI or minification.
const demo = process.env.DEMO_BUILD === '1';
const hasEmulator = existsSync('src/emulator/index.ts');
const hasCli = existsSync('src/emulator/cli.ts');

const common: Options = {
  outDir: demo ? 'node_modules/.cache/experiments-api-demo' : 'dist',
  platform: 'node',
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
  sourcemap: !demo,
  splitting: false,
  format: ['cjs'],
  clean: false,
  noExternal: ['ajv'],
};

const library: Options = {
  ...common,
  format: ['esm'],
  splitting: true,
  entry: {
    index: 'src/index.ts',
    'internal/launchdarkly': 'src/launchdarkly/client.ts',
    'internal/posthog': 'src/posthog/client.ts',
  },
  dts: false, // the CommonJS build writes the declarations both formats use
  esbuildOptions(options) {
    options.chunkNames = 'internal/[name]-[hash]';
  },
};

// The SDK as one ES module file, for Node (`module-sync`): loading one file instead of the entry and its chunks
// takes a first call about 2 ms less, and Node needs no tree-shaking. Not a file that leaves out the PostHog
// code until a PostHog client is built: it would have to share the core with it through a chunk both import,
// and a first `import` inside a module that `require` loads costs Node 20 more than the PostHog code costs to
// compile (docs/benchmarks.md, "First call").
const libraryNode: Options = {
  ...common,
  format: ['esm'],
  entry: { 'index.node': 'src/index.ts' },
  dts: false,
};

// The SDK for CommonJS loaders without `require` of ES modules: one file, not minified (like the ES modules).
const libraryCjs: Options = {
  ...common,
  entry: { index: 'src/index.ts' },
  dts: true, // as dist/index.d.ts, which scripts/packaging/esm-wrappers.mjs renames to .d.cts
  outExtension: () => ({ js: '.cjs' }),
};

// A separate build because only the emulator is minified.
const emulator: Options = {
  ...common,
  dts: !demo,
  entry: { 'emulator/index': 'src/emulator/index.ts' },
  // A test tool that bundles ajv: minified to keep the package small (the SDK entry is not).
  minify: !demo,
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

export default defineConfig([
  library,
  libraryNode,
  ...(demo ? [] : [libraryCjs]),
  ...(hasEmulator ? [emulator] : []),
  ...(hasEmulator && hasCli && !demo ? [cli] : []),
]);
