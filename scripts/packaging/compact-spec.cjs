'use strict';
// The emulator's spec as the package ships it (dist/emulator/openapi.json): openapi.yaml without what
// only documents the API, as minified JSON, so the emulator needs neither the YAML parser nor the 400 kB
// source. Run by `npm run build`; test/emulator/compact-spec.test.ts checks validation is unchanged.
//
//   node scripts/packaging/compact-spec.cjs [openapi.yaml] [dist/emulator/openapi.json]
//
// Removed: the keywords `description` and `summary` (string values), `example`, `examples` and
// `externalDocs`, wherever they are keywords, plus the document-level `tags` (operation `tags` stay: the
// emulator reads them). Never removed: entries of maps whose keys are names (a schema property called
// `description`, a path, a status code, ...), and values that are data (`default`, `enum`, `const`,
// `x-*` extensions, `security`).
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const ALWAYS_DOC = new Set(['example', 'examples', 'externalDocs']);
const STRING_DOC = new Set(['description', 'summary']);
/** Keys whose value is a map from names to objects (schemas, paths, responses, media types, ...). */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependentSchemas',
  'paths',
  'webhooks',
  'callbacks',
  'schemas',
  'responses',
  'parameters',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'pathItems',
  'content',
  'encoding',
  'variables',
]);
/** Keys whose value is data, copied as it is. */
const DATA = new Set(['default', 'enum', 'const', 'required', 'security', 'mapping']);

const isDoc = (key, value) => ALWAYS_DOC.has(key) || (STRING_DOC.has(key) && typeof value === 'string');

function compactNode(node) {
  if (Array.isArray(node)) return node.map(compactNode);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (isDoc(key, value)) continue;
    if (DATA.has(key) || key.startsWith('x-')) out[key] = value;
    else if (NAME_MAPS.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, v]) => [name, compactNode(v)]));
    } else out[key] = compactNode(value);
  }
  return out;
}

/** Every local `$ref` in `document` that points at nothing (empty when all resolve). */
function danglingRefs(document) {
  const found = [];
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
      const target = node.$ref
        .slice(2)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((acc, key) => (acc !== null && typeof acc === 'object' ? acc[key] : undefined), document);
      if (target === undefined) found.push(node.$ref);
    }
    Object.values(node).forEach(visit);
  };
  visit(document);
  return found;
}

/** A copy of an OpenAPI document without documentation-only parts; validates exactly as the original. */
function compactSpec(document) {
  const { tags, ...rest } = document;
  const compact = compactNode(rest);
  const dangling = danglingRefs(compact);
  if (dangling.length)
    throw new Error(`compact-spec: $refs left pointing at nothing: ${dangling.slice(0, 5).join(', ')}`);
  return compact;
}

module.exports = { compactSpec, danglingRefs };

if (require.main === module) {
  const root = join(__dirname, '..', '..');
  const input = process.argv[2] ?? join(root, 'openapi.yaml');
  const output = process.argv[3] ?? join(root, 'dist', 'emulator', 'openapi.json');
  if (!process.argv[3] && !existsSync(dirname(output))) process.exit(0); // no emulator in this build
  const text = readFileSync(input, 'utf8');
  const document = /\.json$/i.test(input) ? JSON.parse(text) : require('yaml').parse(text);
  const json = JSON.stringify(compactSpec(document));
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, json);
  const kB = (n) => (n / 1000).toFixed(1);
  console.log(
    `compact-spec: ${relative(root, output)}: ${kB(json.length)} kB (${relative(root, input)}: ${kB(text.length)} kB)`,
  );
}
