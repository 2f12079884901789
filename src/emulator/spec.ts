import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as Yaml from 'yaml';

/** Which vendor's conventions (auth, error bodies, rate-limit answers) a route follows. */
export type Vendor = 'launchdarkly' | 'posthog';

/** One operation of the spec, ready for matching against a request path. */
export interface SpecRoute {
  operationId: string;
  method: string;
  /** The path template as written in the spec, e.g. `/api/v2/projects/{projectKey}/experiments`. */
  template: string;
  /** Matches a request pathname; capture groups are the path parameters in `paramNames` order. */
  pattern: RegExp;
  paramNames: string[];
  vendor: Vendor;
  /** The operation object from the spec (parameters, requestBody, responses). */
  operation: any;
  /** Parameters declared on the path item (shared by its operations). */
  pathParameters: any[];
  /**
   * An emulator-only route for an endpoint openapi.yaml does not describe (the spec covers experiments only),
   * served so `request()` examples can run. Neither its request nor its response is validated against the spec.
   */
  emulatorOnly?: boolean;
}

/** The regex matching a path template (`{name}` = one segment) and its parameter names, in order. */
export function templatePattern(template: string): { pattern: RegExp; paramNames: string[] } {
  const paramNames: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      paramNames.push(m[1]);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), paramNames };
}

/** A parsed spec (openapi.yaml or the compact openapi.json built from it) with its route table. */
export interface LoadedSpec {
  document: any;
  path: string;
  routes: SpecRoute[];
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/**
 * Finds the spec: the explicit path, else `EXPERIMENTS_EMULATOR_SPEC`, else `openapi.json` next to this
 * module (the published package: the compact JSON the build writes to dist/emulator/), else the
 * repository's `openapi.yaml` (src/emulator sits two levels below the repository root).
 */
export function locateSpec(explicit?: string): string {
  const candidate = explicit ?? process.env.EXPERIMENTS_EMULATOR_SPEC;
  if (candidate) return resolve(candidate);
  const found = [join(__dirname, 'openapi.json'), join(__dirname, '..', '..', 'openapi.yaml')].find(existsSync);
  if (!found)
    throw new Error(`emulator: no openapi.json next to ${__dirname} nor openapi.yaml two levels up; pass specPath`);
  return found;
}

/**
 * Parses a spec file: JSON with JSON.parse, YAML with the `yaml` package, loaded only then. The package
 * does not depend on `yaml` (its own spec is JSON), so a YAML spec needs it installed.
 */
export function parseSpec(path: string, text: string): any {
  if (/\.json$/i.test(path) || text.trimStart().startsWith('{')) return JSON.parse(text);
  let yaml: typeof Yaml;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for a YAML spec: the package does not depend on yaml
    yaml = require('yaml') as typeof Yaml;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error(
      `emulator: ${path} is YAML, and reading YAML needs the \`yaml\` package: install it (npm install --save-dev yaml), ` +
        "or pass a JSON spec (the emulator's own is dist/emulator/openapi.json in the package)",
      { cause: error },
    );
  }
  return yaml.parse(text);
}

const cache = new Map<string, LoadedSpec>();

/** Parses the spec once per path (cached for the process) and builds the route table. */
export function loadSpec(explicit?: string): LoadedSpec {
  const path = locateSpec(explicit);
  const cached = cache.get(path);
  if (cached) return cached;
  const document = parseSpec(path, readFileSync(path, 'utf8'));
  const loaded: LoadedSpec = { document, path, routes: buildRoutes(document) };
  cache.set(path, loaded);
  return loaded;
}

/** Resolves a local `$ref` (repeatedly) to the node it points at. */
export function deref(document: any, node: any): any {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    const parts = current.$ref.replace(/^#\//, '').split('/').map(unescapePointer);
    current = parts.reduce((acc: any, key: string) => acc?.[key], document);
  }
  return current;
}

/** Escapes one JSON-pointer segment (`~` and `/`). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function vendorOf(operation: any): Vendor {
  const tags: string[] = operation.tags ?? [];
  return tags.some((t) => t.startsWith('PostHog')) ? 'posthog' : 'launchdarkly';
}

function buildRoutes(document: any): SpecRoute[] {
  const routes: SpecRoute[] = [];
  for (const [template, item] of Object.entries<any>(document.paths ?? {})) {
    const { pattern, paramNames } = templatePattern(template);
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      routes.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        template,
        pattern,
        paramNames,
        vendor: vendorOf(operation),
        operation,
        pathParameters: item.parameters ?? [],
      });
    }
  }
  // Literal segments beat parameters when two templates could match the same path
  // (e.g. `/experiments/stats/` vs `/experiments/{id}/`).
  const literalCount = (r: SpecRoute) => r.template.split('/').filter((s) => s && !s.startsWith('{')).length;
  return routes.sort((a, b) => literalCount(b) - literalCount(a));
}
