#!/usr/bin/env node
// `npm run demo`: a complete LaunchDarkly experiment lifecycle through the SDK, against the local
// emulator (no credentials needed). With LD_API_KEY set it runs only read-only calls against the real
// API (LD_PROJECT_KEY, LD_ENVIRONMENT_KEY, and optionally LD_BASE_URL or LD_INSTANCE=eu|federal).
// It first builds what it runs, the SDK and the emulator, with tsup but without type declarations (about a
// second; the full `npm run build` spends most of its time on declarations the demo never reads), into
// node_modules/.cache/experiments-api-demo/, and then loads that build as an installed user's code would.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'node_modules', '.cache', 'experiments-api-demo');
const t0 = Date.now();
console.log('▸ Building the SDK and the emulator for the demo (tsup, no type declarations)');
const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsup', 'dist', 'cli-default.js')], {
  cwd: ROOT,
  env: { ...process.env, DEMO_BUILD: '1' },
  encoding: 'utf8',
});
if (build.status !== 0) {
  console.error(build.stdout, build.stderr);
  process.exit(1);
}
console.log(`  built into ${OUT.slice(ROOT.length + 1)} in ${Date.now() - t0} ms`);
const { LaunchDarklyExperiments, ExperimentsApiError } = require(join(OUT, 'index.mjs'));

const step = (text) => console.log(`\n▸ ${text}`);
const pct = (x) => (x === undefined ? '   -  ' : `${(x * 100).toFixed(1).padStart(5)}%`);

function printResults(results) {
  const arms = results.results?.[0]?.treatmentResults ?? [];
  console.log(
    `  ${'treatment'.padEnd(18)}${'units'.padStart(7)}  ${'mean'.padStart(6)}  ${'95% credible'.padEnd(17)}P(best)`,
  );
  for (const arm of arms) {
    const ci = arm.credibleInterval ? `[${pct(arm.credibleInterval.lower)}, ${pct(arm.credibleInterval.upper)}]` : '';
    console.log(
      `  ${String(arm.treatmentName).padEnd(18)}${String(arm.units).padStart(7)}  ${pct(arm.mean)}  ${ci.padEnd(17)}${pct(arm.pBest)}`,
    );
  }
  return arms;
}

async function lifecycle() {
  // The demo build has no compact openapi.json next to the emulator; it reads the repository's spec.
  process.env.EXPERIMENTS_EMULATOR_SPEC ??= join(ROOT, 'openapi.yaml');
  const { startEmulator, LD_FIXTURE_KEYS: K } = require(join(OUT, 'emulator', 'index.js'));
  const emulator = await startEmulator();
  try {
    console.log(`LaunchDarkly emulator listening on ${emulator.url} (in-memory, nothing leaves this machine)`);
    const ld = new LaunchDarklyExperiments({
      apiKey: K.apiKey,
      baseUrl: emulator.url,
      projectKey: K.projectKey,
      environmentKey: 'production',
    });
    const treatments = (split) => [
      {
        name: 'Below the fold',
        baseline: true,
        allocationPercent: String(split[0]),
        parameters: [{ flagKey: K.flags.on, variationId: K.variations.control }],
      },
      {
        name: 'Above the fold',
        baseline: false,
        allocationPercent: String(split[1]),
        parameters: [{ flagKey: K.flags.on, variationId: K.variations.aboveTheFold }],
      },
    ];
    const iteration = (split) => ({
      hypothesis: 'Moving the checkout button above the fold increases checkouts',
      metrics: [{ key: K.metrics.conversion }, { key: K.metrics.numeric }],
      primarySingleMetricKey: K.metrics.conversion,
      randomizationUnit: 'user',
      flags: { [K.flags.on]: { ruleId: 'fallthrough', flagConfigVersion: 12 } },
      treatments: treatments(split),
    });

    step('Create experiment "checkout-button" (its first iteration starts as a draft)');
    const created = await ld.createExperiment({
      experiment: { key: 'checkout-button', name: 'Checkout button placement', iteration: iteration([90, 10]) },
    });
    console.log(
      `  created ${created.key} (${created._id}); iteration ${created.currentIteration?._id} is ${created.currentIteration?.status}`,
    );

    step('Add an iteration with an even 50/50 split (replaces the unstarted draft)');
    const draft = await ld.createIteration({ experimentKey: 'checkout-button', iteration: iteration([50, 50]) });
    console.log(`  draft iteration ${draft._id}: ${draft.status}`);

    step('Start the iteration');
    const started = await ld.startIteration('checkout-button', { comment: 'Ready for traffic' });
    console.log(
      `  ${started.currentIteration?.status} since ${new Date(started.currentIteration?.startedAt).toISOString()}`,
    );

    step(`Results for "${K.metrics.conversion}"`);
    const arms = printResults(
      await ld.getExperimentResults({ experimentKey: 'checkout-button', metricKey: K.metrics.conversion }),
    );
    const best = arms.reduce((a, b) => ((b.pBest ?? 0) > (a.pBest ?? 0) ? b : a));

    step(`Stop the iteration with the winner "${best.treatmentName}"`);
    const stopped = await ld.stopIteration('checkout-button', {
      winningTreatmentId: best.treatmentId,
      winningReason: `Highest probability to be best (${pct(best.pBest).trim()})`,
    });
    console.log(`  ${stopped.currentIteration?.status}; winner ${stopped.currentIteration?.winningTreatmentId}`);

    step('Archive the experiment');
    const archived = await ld.archiveExperiment('checkout-button');
    console.log(`  archived at ${new Date(archived.archivedDate).toISOString()}`);
    const active = await ld.getExperiments();
    const all = await ld.getExperiments({ lifecycleState: ['active', 'archived'] });
    console.log(`  active experiments: ${active.total_count}; including archived: ${all.total_count}`);

    step('Typed errors');
    try {
      await ld.getExperiment({ experimentKey: 'does-not-exist' });
    } catch (error) {
      console.log(`  ${error.name}: ${error.message} (status ${error.status}, code ${error.code})`);
    }
    console.log('\nDone: create → add iteration → start → results → stop with winner → archive.');
    console.log(`(${Date.now() - t0} ms including the build)`);
  } finally {
    await emulator.close();
  }
}

async function readOnly() {
  const ld = new LaunchDarklyExperiments({
    apiKey: process.env.LD_API_KEY,
    baseUrl: process.env.LD_BASE_URL,
    instance: process.env.LD_INSTANCE,
    projectKey: process.env.LD_PROJECT_KEY,
    environmentKey: process.env.LD_ENVIRONMENT_KEY,
  });
  console.log(`Read-only tour of ${ld.baseUrl} (LD_API_KEY is set)`);
  step('Experimentation settings');
  const settings = await ld.getExperimentationSettings();
  console.log(
    `  randomization units: ${(settings.randomizationUnits ?? []).map((u) => u.randomizationUnit).join(', ')}`,
  );
  step('Experiments (first 10)');
  const page = await ld.getExperiments({ limit: 10 });
  console.log(`  ${page.total_count ?? page.items.length} in total`);
  for (const e of page.items) console.log(`  ${e.key.padEnd(32)} ${e.currentIteration?.status ?? '-'}`);
  if (page.items[0]) {
    step(`Experiment "${page.items[0].key}" with treatments`);
    const e = await ld.getExperiment({ experimentKey: page.items[0].key, expand: ['treatments'] });
    for (const t of e.currentIteration?.treatments ?? []) console.log(`  ${t.name.padEnd(24)} ${t.allocationPercent}%`);
  }
}

(process.env.LD_API_KEY ? readOnly() : lifecycle()).catch((error) => {
  console.error(error instanceof ExperimentsApiError ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
