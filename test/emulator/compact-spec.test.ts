/**
 * The published emulator validates against dist/emulator/openapi.json, which the build makes from openapi.yaml
 * with scripts/packaging/compact-spec.cjs (documentation removed, minified). These tests run the same function
 * in-process and check that the result validates exactly as the source does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator';
import type { LoadedSpec } from '../../src/emulator/spec';
import { loadSpec } from '../../src/emulator/spec';
import { SpecValidator } from '../../src/emulator/validate';
import { spec } from '../helpers/spec';
import { EXPERIMENTS, LD_FIXTURE_KEYS, sampleExperimentPost } from './helpers';
import type * as SpecModule from '../../src/emulator/spec';

// Plain CommonJS shared with the build script, so it is required rather than imported.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compactSpec, danglingRefs } = require('../../scripts/packaging/compact-spec.cjs') as {
  compactSpec: (document: any) => any;
  danglingRefs: (document: any) => string[];
};

const DOC_KEYWORDS = ['description', 'summary', 'example', 'examples', 'externalDocs'];
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

const source = JSON.stringify(spec);
// As the build writes it: through JSON.
const compact = JSON.parse(JSON.stringify(compactSpec(spec)));

/**
 * Differences between `original` and `compacted` other than removed documentation keywords. Entries of a
 * `properties` map are names, not keywords: none may go missing, whatever it is called.
 */
function differences(original: any, compacted: any, at: string, namesHere = false): string[] {
  if (Array.isArray(original)) {
    if (!Array.isArray(compacted) || compacted.length !== original.length) return [`${at}: array changed`];
    return original.flatMap((v, i) => differences(v, compacted[i], `${at}/${i}`));
  }
  if (original === null || typeof original !== 'object') {
    return Object.is(original, compacted) ? [] : [`${at}: ${JSON.stringify(original)} became ${compacted}`];
  }
  if (compacted === null || typeof compacted !== 'object') return [`${at}: object became ${compacted}`];
  const out = Object.keys(compacted)
    .filter((k) => !(k in original))
    .map((k) => `${at}/${k}: added`);
  for (const [key, value] of Object.entries<any>(original)) {
    const where = `${at}/${escape(key)}`;
    if (!(key in compacted)) {
      const documentation =
        !namesHere &&
        DOC_KEYWORDS.includes(key) &&
        (typeof value === 'string' || !['description', 'summary'].includes(key));
      if (!documentation) out.push(`${where}: removed`);
      continue;
    }
    // Below a name (a property called `properties`, say) is a schema again, where keywords are keywords.
    const names = !namesHere && (key === 'properties' || key === 'patternProperties');
    out.push(...differences(value, compacted[key], where, names));
  }
  return out;
}

/** Pointers (as the emulator builds them) of every request and response body schema, with the examples given. */
function bodySchemas(): Array<{ pointer: string; examples: unknown[] }> {
  const found: Array<{ pointer: string; examples: unknown[] }> = [];
  const deref = (node: any): any =>
    node?.$ref
      ? deref(
          node.$ref
            .slice(2)
            .split('/')
            .reduce((acc: any, k: string) => acc[k], spec),
        )
      : node;
  const collect = (base: string, declared: any) => {
    for (const [mediaType, media] of Object.entries<any>(deref(declared).content ?? {})) {
      if (!media.schema) continue;
      const examples = [
        ...(media.example !== undefined ? [media.example] : []),
        ...Object.values<any>(media.examples ?? {}).map((e) => deref(e).value),
      ];
      found.push({ pointer: `${declared.$ref ?? base}/content/${escape(mediaType)}/schema`, examples });
    }
  };
  for (const [template, item] of Object.entries<any>(spec.paths)) {
    for (const method of METHODS.filter((m) => item[m])) {
      const base = `#/paths/${escape(template)}/${method}`;
      if (item[method].requestBody) collect(`${base}/requestBody`, item[method].requestBody);
      for (const [status, response] of Object.entries<any>(item[method].responses ?? {})) {
        collect(`${base}/responses/${status}`, response);
      }
    }
  }
  return found;
}

const loaded = (document: any): LoadedSpec => ({ document, path: '(in memory)', routes: [] });

describe('compact spec (dist/emulator/openapi.json)', () => {
  it('is much smaller, leaves openapi.yaml as parsed untouched, and every $ref still resolves', () => {
    expect(JSON.stringify(compact).length).toBeLessThan(source.length / 2);
    expect(JSON.stringify(spec)).toBe(source);
    expect(danglingRefs(compact)).toEqual([]);
  });

  it('removes only documentation: descriptions, summaries, examples, externalDocs, document tags', () => {
    const { tags, components, ...rest } = spec;
    const { examples, ...otherComponents } = components;
    expect(tags.length).toBeGreaterThan(0);
    expect(Object.keys(examples).length).toBeGreaterThan(0);
    expect(compact.tags).toBeUndefined();
    expect(compact.components.examples).toBeUndefined();
    const { components: compactComponents, ...compactRest } = compact;
    expect(differences(rest, compactRest, '#')).toEqual([]);
    expect(differences(otherComponents, compactComponents, '#/components')).toEqual([]);
    // ...and it did remove them.
    expect(JSON.stringify(compact)).not.toContain('"summary":');
    expect(
      compact.paths['/api/v2/projects/{projectKey}/environments/{environmentKey}/experiments'].get.description,
    ).toBe(undefined);
  });

  it('keeps every schema, path, method, operationId, operation tags and parameter', () => {
    expect(Object.keys(compact.components.schemas)).toEqual(Object.keys(spec.components.schemas));
    for (const section of ['parameters', 'responses', 'headers', 'securitySchemes']) {
      expect(Object.keys(compact.components[section])).toEqual(Object.keys(spec.components[section]));
    }
    expect(Object.keys(compact.paths)).toEqual(Object.keys(spec.paths));
    for (const [template, item] of Object.entries<any>(spec.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const op = compact.paths[template][method];
        expect({ template, method, operationId: op?.operationId, tags: op?.tags }).toEqual({
          template,
          method,
          operationId: item[method].operationId,
          tags: item[method].tags,
        });
        const params = (p: any[] = []) => p.map((x) => x.$ref ?? `${x.in}:${x.name}:${!!x.required}`);
        expect(params(op.parameters)).toEqual(params(item[method].parameters));
        expect(Object.keys(op.responses)).toEqual(Object.keys(item[method].responses));
        expect(op.requestBody === undefined).toBe(item[method].requestBody === undefined);
      }
    }
  });

  it('keeps schema properties named like documentation keywords (a model field called description)', () => {
    const named: string[] = [];
    const walk = (node: any, at: string) => {
      if (node === null || typeof node !== 'object') return;
      if (!Array.isArray(node) && node.properties && typeof node.properties === 'object') {
        for (const key of Object.keys(node.properties)) {
          if ([...DOC_KEYWORDS, 'tags'].includes(key)) named.push(`${at}/properties/${key}`);
        }
      }
      for (const [k, v] of Object.entries<any>(node)) walk(v, `${at}/${escape(k)}`);
    };
    walk(spec.components.schemas, '#/components/schemas');
    expect(named).toContain('#/components/schemas/Experiment/properties/description');
    const at = (document: any, pointer: string) =>
      pointer
        .slice(2)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((acc: any, k) => acc?.[k], document);
    for (const pointer of named)
      expect({ pointer, type: at(compact, pointer)?.type }).toEqual({ pointer, type: at(spec, pointer).type });
  });

  it('validates every request and response body, and every component schema, exactly as openapi.yaml does', () => {
    const full = new SpecValidator(loaded(spec));
    const lean = new SpecValidator(loaded(compact));
    const verdicts = (validator: SpecValidator, pointer: string, values: unknown[]) =>
      values.map((value) => {
        const validate = validator.validatorAt(pointer);
        return validate(structuredClone(value))
          ? 'valid'
          : JSON.stringify(validate.errors?.map((e) => e.instancePath + e.message));
      });
    const bodies = bodySchemas();
    expect(bodies.length).toBeGreaterThan(50);
    let valid = 0;
    for (const { pointer, examples } of bodies) {
      // Each documented example, the same without its first field, and a few values of the wrong shape.
      const variants = [
        ...examples,
        ...examples
          .filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object' && !Array.isArray(e))
          .map((e) => Object.fromEntries(Object.entries(e).slice(1))),
        {},
        null,
        'text',
        [],
      ];
      const expected = verdicts(full, pointer, variants);
      valid += expected.filter((v) => v === 'valid').length;
      expect({ pointer, verdicts: verdicts(lean, pointer, variants) }).toEqual({ pointer, verdicts: expected });
    }
    expect(valid).toBeGreaterThan(20);
    for (const name of Object.keys(spec.components.schemas)) {
      const pointer = `#/components/schemas/${escape(name)}`;
      const variants = [{}, null, 'text', 1, []];
      expect({ pointer, verdicts: verdicts(lean, pointer, variants) }).toEqual({
        pointer,
        verdicts: verdicts(full, pointer, variants),
      });
    }
  });
});

describe('the emulator on a JSON spec (specPath)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'compact-spec-'));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(compactSpec(spec)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the same routes as from openapi.yaml', () => {
    const fromJson = loadSpec(join(dir, 'openapi.json'));
    const fromYaml = loadSpec();
    expect(fromYaml.path).toMatch(/openapi\.yaml$/);
    const summary = (s: LoadedSpec) => s.routes.map((r) => `${r.method} ${r.template} ${r.operationId} ${r.vendor}`);
    expect(summary(fromJson)).toEqual(summary(fromYaml));
  });

  it('serves and validates requests', async () => {
    const emu = await startEmulator({ specPath: join(dir, 'openapi.json'), validateResponses: true });
    try {
      const headers = { Authorization: LD_FIXTURE_KEYS.apiKey, 'Content-Type': 'application/json' };
      const created = await fetch(`${emu.url}${EXPERIMENTS}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(sampleExperimentPost('from-json-spec')),
      });
      expect(created.status).toBe(201);
      const list = await fetch(`${emu.url}${EXPERIMENTS}`, { headers });
      expect(list.status).toBe(200);
      expect(((await list.json()) as any).items.map((e: any) => e.key)).toEqual(['from-json-spec']);
      const bad = await fetch(`${emu.url}${EXPERIMENTS}`, { method: 'POST', headers, body: '{"name":"x"}' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as any).message).toBe('body.key is required');
    } finally {
      await emu.close();
    }
  });
});

describe('a YAML spec without the yaml package', () => {
  afterEach(() => jest.dontMock('yaml'));

  it('fails with an error that says to install yaml or pass the JSON spec', () => {
    jest.isolateModules(() => {
      jest.doMock('yaml', () => {
        throw Object.assign(new Error("Cannot find module 'yaml'"), { code: 'MODULE_NOT_FOUND' });
      });
      // Required inside isolateModules so that this copy sees the mocked `yaml`.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { parseSpec } = require('../../src/emulator/spec') as typeof SpecModule;
      expect(() => parseSpec('/x/openapi.yaml', 'openapi: 3.0.3\n')).toThrow(
        /openapi\.yaml is YAML.*install it \(npm install --save-dev yaml\), or pass a JSON spec/,
      );
      // JSON never needs it.
      expect(parseSpec('/x/spec.json', '{"openapi":"3.0.3"}')).toEqual({ openapi: '3.0.3' });
    });
  });
});
