#!/usr/bin/env node
// Checks the spec's reference page (`npm run docs:spec`, docs/spec/index.html) the way a reader sees it:
// headless Chromium opens the file, and every operation of openapi.yaml must be reachable from the
// sidebar and render its own section (summary, method and path), and every semantic-patch instruction
// kind must be selectable in the rendered request body of the operation that takes the instructions.
// Redoc 3 renders one route at a time, so the check navigates to each operation instead of reading the
// embedded spec. The page must also work offline: no request may leave for the network.
//
// A negative control runs in the same browser: a page built from a copy of the spec without one
// operation and one instruction kind, checked for that operation, the instructions operation and an
// operation that is in no spec, must report exactly those three as missing.
//
// Usage: node scripts/docs-spec-check.js [page.html]   (CHROMIUM_PATH overrides /usr/bin/chromium;
// SPEC_PAGE_SCREENSHOT=file.png saves a screenshot of the instructions operation)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');
const { parse, stringify } = require('yaml');
const { chromium } = require('playwright-core');

const REPO = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const INSTRUCTION_SCHEMA = 'ExperimentInstruction';
// How long one operation may take to render after navigating to it, in milliseconds.
const RENDER_TIMEOUT_MS = 5000;

const squash = (text) => text.replace(/\s+/g, ' ').trim();

/** Every operation of the spec, in document order: operationId, summary, method (upper case), path, tag. */
function operationsOf(spec) {
  const operations = [];
  for (const [route, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op)
        operations.push({
          operationId: op.operationId,
          summary: op.summary,
          method: method.toUpperCase(),
          path: route,
          tag: op.tags?.[0],
        });
    }
  }
  return operations;
}

function resolve(spec, node) {
  if (!node?.$ref) return node;
  return node.$ref
    .split('/')
    .slice(1)
    .reduce((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
}

function refersTo(spec, node, ref, seen = new Set()) {
  if (!node || typeof node !== 'object' || seen.has(node)) return false;
  seen.add(node);
  if (node.$ref === ref) return true;
  if (node.$ref) return refersTo(spec, resolve(spec, node), ref, seen);
  return Object.values(node).some((child) => refersTo(spec, child, ref, seen));
}

/** The `kind` values of the instruction oneOf, and the operation whose request body takes them. */
function instructionKindsOf(spec) {
  const schema = spec.components.schemas[INSTRUCTION_SCHEMA];
  const kinds = schema.oneOf.flatMap((member) => resolve(spec, member).properties.kind.enum);
  const ref = `#/components/schemas/${INSTRUCTION_SCHEMA}`;
  const takers = operationsOf(spec).filter((op) =>
    refersTo(spec, spec.paths[op.path][op.method.toLowerCase()].requestBody, ref),
  );
  if (takers.length !== 1)
    throw new Error(`expected one operation taking ${INSTRUCTION_SCHEMA}, found ${takers.length}`);
  return { kinds, operation: takers[0] };
}

/** What in the HTML itself would load from the network (before any script runs). */
function staticProblems(html) {
  const problems = [];
  if (/<script\b[^>]*\bsrc\s*=/i.test(html)) problems.push('a <script src=...> (the bundle is not inlined)');
  const links = html.match(/<link\b[^>]*>/gi) ?? [];
  for (const link of links) if (/\bhref\s*=\s*["']?(https?:)?\/\//i.test(link)) problems.push(`a remote ${link}`);
  for (const [, css] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) {
    if (/@import|url\(\s*["']?(https?:)?\/\//i.test(css))
      problems.push('a stylesheet that imports or fetches a remote URL');
  }
  const policy = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i)?.[1] ?? '';
  if (!policy.split(';').some((directive) => directive.trim() === "default-src 'none'")) {
    problems.push("no Content-Security-Policy with default-src 'none'");
  }
  return problems;
}

async function sidebarEntries(page, tag) {
  const item = page
    .locator('[data-component-name="Menu/MenuItem"]')
    .filter({ has: page.getByRole('link', { name: tag, exact: true }) })
    .first();
  const nested = item.locator('[data-component-name="Menu/MenuItem"] a');
  try {
    await item.getByRole('link', { name: tag, exact: true }).first().click({ timeout: RENDER_TIMEOUT_MS });
    await nested.first().waitFor({ timeout: RENDER_TIMEOUT_MS });
  } catch {
    return [];
  }
  return nested.evaluateAll((links) => links.map((a) => ({ href: a.getAttribute('href'), text: a.innerText })));
}

async function operationRenders(page, href, op) {
  await page.evaluate((hash) => {
    location.hash = hash;
  }, href);
  // The section is the element whose id is the route; it re-renders while the route settles, so poll its
  // visible text (innerText: what a reader sees, not hidden nodes).
  const id = decodeURIComponent(href.replace(/^#\/?/, ''));
  const wanted = [op.summary, op.method, op.path];
  try {
    await page.waitForFunction(
      ([sectionId, texts]) => {
        const text = document.getElementById(sectionId)?.innerText.replace(/\s+/g, ' ') ?? '';
        return texts.every((t) => text.includes(t));
      },
      [id, wanted],
      { timeout: RENDER_TIMEOUT_MS, polling: 100 },
    );
    return true;
  } catch {
    return false;
  }
}

/** The instruction kinds the rendered discriminator offers that, once selected, render as the `kind` value. */
async function renderedKinds(page, kinds) {
  const switcher = page
    .locator('[data-section-id="switcher"]')
    .filter({ hasText: 'Discriminator' })
    .getByRole('button')
    .first();
  const options = page.getByRole('menuitem');
  const open = async () => {
    if (!(await options.first().isVisible())) await switcher.click({ timeout: RENDER_TIMEOUT_MS });
    await options.first().waitFor({ timeout: RENDER_TIMEOUT_MS });
  };
  const shown = [];
  try {
    await open();
    // Redoc offers a deprecated kind (`updateName`) struck through (U+0335 after each letter) and marked
    // "(deprecated)": it is offered all the same.
    const plain = (text) =>
      squash(text)
        .replace(/\u0335/g, '')
        .replace(/ \(deprecated\)$/, '');
    const offered = (await options.allInnerTexts()).map(plain);
    for (const kind of kinds.filter((k) => offered.includes(k))) {
      await open();
      const items = (await options.allInnerTexts()).map(plain);
      await options.nth(items.indexOf(kind)).click({ timeout: RENDER_TIMEOUT_MS });
      await page
        .locator('[data-testid="schema-enum-values"]')
        .filter({ hasText: `"${kind}"` })
        .first()
        .waitFor({ timeout: RENDER_TIMEOUT_MS });
      shown.push(kind);
    }
  } catch {
    // A kind that does not render ends the walk; the kinds not shown by then are reported missing.
  }
  return shown;
}

/**
 * Opens the page and walks it tag by tag, with a fresh load per tag (no state left by the previous tag).
 * Returns the expected operations and kinds it could not find rendered, and what the page
 * tried to fetch.
 */
async function checkPage(context, file, expected, screenshot) {
  const page = await context.newPage();
  const requested = [];
  const refused = new Set();
  const errors = [];
  const blocked = new Set();
  page.on('request', (request) => {
    if (!/^(file|data|blob):/.test(request.url())) requested.push(request.url());
  });
  // Chromium reports a request the policy refused as failed with "csp": it never left the machine.
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'csp') refused.add(request.url());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    window.__blocked = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.__blocked.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
  const collectBlocked = async () => {
    if (page.url().startsWith('file:'))
      for (const entry of await page.evaluate(() => window.__blocked)) blocked.add(entry);
  };

  const missingOperations = [];
  let shownKinds = [];
  const tags = [...new Set(expected.operations.map((op) => op.tag))];
  for (const tag of tags) {
    await collectBlocked();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.locator('#api-content').waitFor({ timeout: RENDER_TIMEOUT_MS });
    const entries = await sidebarEntries(page, tag);
    for (const op of expected.operations.filter((o) => o.tag === tag)) {
      const entry = entries.find((e) => squash(e.text) === `${op.summary} ${op.method}`);
      if (!entry || !(await operationRenders(page, entry.href, op))) {
        missingOperations.push(op.operationId);
        continue;
      }
      if (op.operationId === expected.instructions.operation.operationId) {
        shownKinds = await renderedKinds(page, expected.instructions.kinds);
        if (screenshot) await page.screenshot({ path: screenshot });
      }
    }
  }
  await collectBlocked();
  await page.close();
  return {
    missingOperations,
    missingKinds: expected.instructions.kinds.filter((kind) => !shownKinds.includes(kind)),
    network: [...new Set(requested.filter((url) => !refused.has(url)))],
    blocked: [...blocked],
    errors,
  };
}

/** A copy of the spec without the last operation of `tag` and the last instruction kind, for the negative control. */
function mutilated(spec, tag) {
  const copy = structuredClone(spec);
  const dropped = operationsOf(copy)
    .filter((op) => op.tag === tag)
    .pop();
  delete copy.paths[dropped.path][dropped.method.toLowerCase()];
  const schema = copy.components.schemas[INSTRUCTION_SCHEMA];
  const kind = resolve(copy, schema.oneOf.pop()).properties.kind.enum[0];
  delete schema.discriminator.mapping[kind];
  return { copy, droppedOperation: dropped.operationId, droppedKind: kind };
}

function same(a, b) {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

async function main() {
  const t0 = Date.now();
  const pageFile = path.resolve(process.argv[2] ?? path.join(REPO, 'docs/spec/index.html'));
  const spec = parse(fs.readFileSync(path.join(REPO, 'openapi.yaml'), 'utf8'));
  const operations = operationsOf(spec);
  const instructions = instructionKindsOf(spec);
  const failures = [];

  const html = fs.readFileSync(pageFile, 'utf8');
  for (const problem of staticProblems(html)) failures.push(`${path.relative(REPO, pageFile)} has ${problem}`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'experiments-api-docs-spec-'));
  const context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  try {
    const result = await checkPage(context, pageFile, { operations, instructions }, process.env.SPEC_PAGE_SCREENSHOT);
    const rendered = operations.length - result.missingOperations.length;
    const kindsShown = instructions.kinds.length - result.missingKinds.length;
    console.log(
      `rendered operations: ${rendered}/${operations.length} (each from the sidebar to its own section: summary, method, path)`,
    );
    console.log(
      `instruction kinds selectable in ${instructions.operation.operationId}'s request body: ${kindsShown}/${instructions.kinds.length} (${instructions.kinds.join(', ')})`,
    );
    console.log(
      `network requests: ${result.network.length}; refused by the page's Content-Security-Policy: ${result.blocked.length ? result.blocked.join(', ') : 'none'}`,
    );
    if (result.missingOperations.length)
      failures.push(`operations not rendered: ${result.missingOperations.join(', ')}`);
    if (result.missingKinds.length) failures.push(`instruction kinds not rendered: ${result.missingKinds.join(', ')}`);
    if (result.network.length) failures.push(`the page fetched from the network: ${result.network.join(', ')}`);
    if (result.errors.length) failures.push(`script errors: ${result.errors.join('; ')}`);
    // Only network fetches may be refused; a refused inline script, style or worker means the policy broke the page.
    const brokenByPolicy = result.blocked.filter((entry) => !/ https?:\/\//.test(entry));
    if (brokenByPolicy.length)
      failures.push(`the Content-Security-Policy refused the page's own resources: ${brokenByPolicy.join(', ')}`);

    // The control needs only the instructions operation, the dropped one (same tag) and the unknown one.
    const tag = instructions.operation.tag;
    const control = mutilated(spec, tag);
    const controlSpec = path.join(work, 'control.yaml');
    const controlPage = path.join(work, 'control.html');
    fs.writeFileSync(controlSpec, stringify(control.copy));
    execFileSync(
      path.join(REPO, 'node_modules/.bin/redocly'),
      ['build-docs', controlSpec, '--inlineBundle', '--output', controlPage],
      {
        cwd: REPO,
        stdio: 'ignore',
        env: { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_TELEMETRY: 'off' },
      },
    );
    const notInAnySpec = {
      operationId: 'notInAnySpec',
      summary: 'An operation that no spec has',
      method: 'GET',
      path: '/not/in/any/spec',
      tag,
    };
    const controlOperations = [
      ...operations.filter((op) =>
        [instructions.operation.operationId, control.droppedOperation].includes(op.operationId),
      ),
      notInAnySpec,
    ];
    const negative = await checkPage(context, controlPage, { operations: controlOperations, instructions });
    const wantOps = [control.droppedOperation, notInAnySpec.operationId];
    const ok = same(negative.missingOperations, wantOps) && same(negative.missingKinds, [control.droppedKind]);
    console.log(
      `negative control (page without ${control.droppedOperation} and ${control.droppedKind}, plus ${notInAnySpec.operationId} expected): ` +
        `reported missing ${[...negative.missingOperations, ...negative.missingKinds].join(', ') || 'nothing'}: ${ok ? 'as expected' : 'WRONG'}`,
    );
    if (!ok)
      failures.push(
        'the negative control did not report exactly the removed operation, the removed kind and the unknown operation',
      );
  } finally {
    await context.close();
    fs.rmSync(work, { recursive: true, force: true });
  }

  if (failures.length) {
    for (const failure of failures) console.error(`docs-spec-check: ${failure}`);
    process.exit(1);
  }
  console.log(`docs-spec-check: ok in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

main().catch((error) => {
  console.error(`docs-spec-check: ${error.stack ?? error}`);
  process.exit(1);
});
