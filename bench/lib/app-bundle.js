'use strict';
/**
 * Apps bundled with esbuild against the built package, as an application that bundles for deployment would:
 * the package resolves by its name through its `exports` map and `sideEffects`, from a temporary app
 * directory whose node_modules/experiments-api links to the repository.
 */
const { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT } = require('./common');

/** A temporary app directory with the package installed by link; `remove()` deletes it. */
function appDir() {
  const dir = mkdtempSync(join(tmpdir(), 'experiments-api-app-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'experiments-api'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Bundles `source` (an app's ES module) with esbuild for Node and returns the bundle's bytes.
 * Defaults: ES module output, minified (the size an app ships).
 */
function bundleApp(dir, name, source, { format = 'esm', minify = true } = {}) {
  const esbuild = require('esbuild');
  const entry = join(dir, `${name.replace(/\W+/g, '-')}.mjs`);
  writeFileSync(entry, source);
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    minify,
    format,
    platform: 'node',
    write: false,
    logLevel: 'silent',
    // The official client (and its axios) from the repository's node_modules.
    nodePaths: [join(ROOT, 'node_modules')],
  });
  return result.outputFiles[0].contents;
}

module.exports = { appDir, bundleApp };
