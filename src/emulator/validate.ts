import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { IncomingHttpHeaders } from 'node:http';
import { HttpError, badRequest, notFound } from './http';
import { type LoadedSpec, type SpecRoute, deref, escapePointer } from './spec';

/** A request after validation: query values coerced to their schema types, defaults filled in. */
export interface ValidatedRequest {
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
}

/** The parts of an HTTP request that validation looks at. */
export interface RequestParts {
  params: Record<string, string>;
  searchParams: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

// OpenAPI formats that add nothing to `type` for our purposes; listing them keeps ajv quiet.
const NO_OP_FORMATS = [
  'int32',
  'int64',
  'float',
  'double',
  'byte',
  'binary',
  'date',
  'date-time',
  'decimal',
  'email',
  'uri',
  'uuid',
  'password',
  'string',
];

/** Validates requests and responses against openapi.yaml with ajv (strict off, `nullable` honoured). */
export class SpecValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly spec: LoadedSpec) {
    this.ajv = new Ajv({
      strict: false,
      allErrors: false,
      // verbose puts the offending value on each error, so messages can quote it.
      verbose: true,
      logger: false,
      formats: Object.fromEntries(NO_OP_FORMATS.map((f) => [f, true])),
    });
    this.ajv.addSchema(spec.document, 'openapi');
  }

  /** Compiles (once) the schema at a JSON pointer into the spec, e.g. `#/components/schemas/Experiment`. */
  validatorAt(pointer: string): ValidateFunction {
    let fn = this.compiled.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `openapi${pointer}` });
      this.compiled.set(pointer, fn);
    }
    return fn;
  }

  /** Validates parameters and body of a routed request; throws a 400 HttpError naming the field. */
  validateRequest(route: SpecRoute, parts: RequestParts): ValidatedRequest {
    const query: Record<string, unknown> = {};
    const headers: Record<string, string> = {};
    for (const { param, pointer } of this.parametersOf(route)) {
      if (param.in === 'path') {
        // A path segment that cannot be a valid id names no resource: 404, as the vendors' routers do.
        const value = coerceScalar(deref(this.spec.document, param.schema), parts.params[param.name]);
        if (!this.validatorAt(`${pointer}/schema`)(value)) throw notFound('Not found.');
      } else if (param.in === 'query') {
        const raw = parts.searchParams.getAll(param.name).filter((v) => v !== '');
        if (raw.length === 0) {
          if (param.required) throw badRequest(`query parameter '${param.name}' is required`, param.name);
          const fallback = deref(this.spec.document, param.schema)?.default;
          if (fallback !== undefined) query[param.name] = fallback;
          continue;
        }
        const value = coerce(deref(this.spec.document, param.schema), raw);
        this.check(`${pointer}/schema`, value, `query parameter '${param.name}'`);
        query[param.name] = value;
      } else if (param.in === 'header') {
        const raw = parts.headers[param.name.toLowerCase()];
        if (raw === undefined) {
          if (param.required) throw badRequest(`header '${param.name}' is required`, param.name);
          continue;
        }
        // Node joins repeated headers with ", "; a repeated single-valued header then fails its pattern,
        // which is how LaunchDarkly treats a duplicated LD-API-Version.
        const value = Array.isArray(raw) ? raw.join(', ') : raw;
        this.check(`${pointer}/schema`, value, `header '${param.name}'`);
        headers[param.name] = value;
      }
    }
    return { query, headers, body: this.validateBody(route, parts) };
  }

  /** Errors (empty when valid) of a response body against the operation's declared response. */
  validateResponse(operationId: string, status: number, body: unknown): string[] {
    const route = this.spec.routes.find((r) => r.operationId === operationId);
    if (!route) return [`unknown operation ${operationId}`];
    const declared = route.operation.responses?.[String(status)] ?? route.operation.responses?.default;
    if (!declared) return [`${operationId}: status ${status} is not declared`];
    const responsePointer =
      declared.$ref ?? `#/paths/${escapePointer(route.template)}/${route.method.toLowerCase()}/responses/${status}`;
    const response = deref(this.spec.document, declared);
    const mediaType = Object.keys(response.content ?? {}).find((m) => m.startsWith('application/json'));
    if (!mediaType) return body === undefined ? [] : [`${operationId}: status ${status} declares no body`];
    const validate = this.validatorAt(`${responsePointer}/content/${escapePointer(mediaType)}/schema`);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  }

  private parametersOf(route: SpecRoute): Array<{ param: any; pointer: string }> {
    const base = `#/paths/${escapePointer(route.template)}`;
    const all = [
      ...route.pathParameters.map((p, i) => ({ p, pointer: p.$ref ?? `${base}/parameters/${i}` })),
      ...(route.operation.parameters ?? []).map((p: any, i: number) => ({
        p,
        pointer: p.$ref ?? `${base}/${route.method.toLowerCase()}/parameters/${i}`,
      })),
    ];
    // Operation-level parameters override path-level ones with the same name and location.
    const byKey = new Map<string, { param: any; pointer: string }>();
    for (const { p, pointer } of all) {
      const param = deref(this.spec.document, p);
      byKey.set(`${param.in}:${param.name}`, { param, pointer });
    }
    return [...byKey.values()];
  }

  private validateBody(route: SpecRoute, parts: RequestParts): unknown {
    const declared = route.operation.requestBody;
    if (!declared) return undefined;
    const requestBody = deref(this.spec.document, declared);
    const bodyPointer =
      declared.$ref ?? `#/paths/${escapePointer(route.template)}/${route.method.toLowerCase()}/requestBody`;
    if (parts.rawBody.length === 0) {
      if (requestBody.required) throw badRequest('request body is required');
      return undefined;
    }
    const mediaTypes = Object.keys(requestBody.content ?? {});
    const sent = String(parts.headers['content-type'] ?? '');
    const mediaType = mediaTypes.find((m) => mediaTypeMatches(m, sent));
    if (!mediaType) {
      throw new HttpError(
        400,
        'invalid_request',
        `Content-Type '${sent || '(none)'}' is not accepted here; use '${mediaTypes.join("' or '")}'`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(parts.rawBody.toString('utf8'));
    } catch {
      throw badRequest('request body is not valid JSON');
    }
    const schemaPointer = `${bodyPointer}/content/${escapePointer(mediaType)}/schema`;
    const validate = this.validatorAt(schemaPointer);
    if (!validate(body)) {
      const schema = deref(this.spec.document, requestBody.content[mediaType].schema);
      const refined = this.refineDiscriminated(schema, body, 'body');
      throw badRequest(refined ?? describe('body', validate.errors ?? []), firstAttr(validate.errors ?? []));
    }
    return body;
  }

  private check(pointer: string, value: unknown, where: string): void {
    const validate = this.validatorAt(pointer);
    if (!validate(value)) throw badRequest(describe(where, validate.errors ?? []), where.replace(/^.*'(.*)'$/, '$1'));
  }

  /**
   * ajv reports a failed `oneOf` as "must match exactly one schema"; for discriminated unions (semantic
   * patch instructions) this walks the body and validates each variant against the schema its
   * discriminator selects, to name the real problem (e.g. `body.instructions[1].winningTreatmentId`).
   */
  private refineDiscriminated(schemaNode: any, value: any, path: string): string | undefined {
    const schema = deref(this.spec.document, schemaNode);
    if (!schema || value === null || typeof value !== 'object') return undefined;
    if (schema.oneOf && schema.discriminator) {
      const prop: string = schema.discriminator.propertyName;
      const kind = value[prop];
      if (kind === undefined) return `${path}.${prop} is required`;
      const target = schema.discriminator.mapping?.[kind];
      if (!target) return `${path}.${prop}: unknown value ${JSON.stringify(kind)}`;
      const validate = this.validatorAt(target);
      return validate(value) ? undefined : describe(path, validate.errors ?? []);
    }
    if (Array.isArray(value) && schema.items) {
      for (let i = 0; i < value.length; i++) {
        const found = this.refineDiscriminated(schema.items, value[i], `${path}[${i}]`);
        if (found) return found;
      }
    } else if (schema.properties) {
      for (const [key, sub] of Object.entries<any>(schema.properties)) {
        if (!(key in value)) continue;
        const found = this.refineDiscriminated(sub, value[key], `${path}.${key}`);
        if (found) return found;
      }
    }
    return undefined;
  }
}

/** Turns a media-type string into its lower-cased base and parameters. */
function parseMediaType(value: string): { base: string; params: Record<string, string> } {
  const [base, ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const part of rest) {
    const [k, v] = part.split('=');
    if (k && v !== undefined) params[k.trim().toLowerCase()] = v.trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return { base: base.trim().toLowerCase(), params };
}

/**
 * A sent Content-Type matches a declared one when the base types agree and every parameter the spec
 * declares (e.g. `domain-model=launchdarkly.semanticpatch`) is present; extras like charset are fine.
 */
export function mediaTypeMatches(declared: string, sent: string): boolean {
  const d = parseMediaType(declared);
  const s = parseMediaType(sent);
  return d.base === s.base && Object.entries(d.params).every(([k, v]) => s.params[k] === v);
}

function coerce(schema: any, raw: string[]): unknown {
  if (schema?.type === 'array') {
    const items = raw.flatMap((v) => v.split(',')).filter((v) => v !== '');
    return items.map((item) => coerceScalar(schema.items, item));
  }
  return coerceScalar(schema, raw[raw.length - 1]);
}

function coerceScalar(schema: any, value: string): unknown {
  const type = schema?.type;
  if (type === 'integer' && /^-?\d+$/.test(value)) return Number(value);
  if (type === 'number' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function pathOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('');
}

function firstAttr(errors: ErrorObject[]): string | null {
  const e = errors[0];
  if (!e) return null;
  const segments = e.instancePath.split('/').slice(1);
  if (e.keyword === 'required') segments.push(String((e.params as any).missingProperty));
  return segments.length ? segments.join('__') : null;
}

/** A one-line message naming the field, e.g. `body.iteration.flags is required`. */
export function describe(where: string, errors: ErrorObject[]): string {
  const e = errors.find((x) => x.keyword !== 'oneOf' && x.keyword !== 'if') ?? errors[0];
  if (!e) return `${where} is invalid`;
  // Array items of a query parameter are named by the parameter, not by their index.
  const at = `${where}${pathOf(e.instancePath)}`.replace(/'\[\d+\]$/, "'");
  if (e.keyword === 'required') return `${at}.${(e.params as any).missingProperty} is required`;
  if (e.keyword === 'enum')
    return `${at}: unknown value ${JSON.stringify(e.data)} (allowed: ${(e.params as any).allowedValues.join(', ')})`;
  if (e.keyword === 'additionalProperties') return `${at}: unknown field '${(e.params as any).additionalProperty}'`;
  return `${at} ${e.message}`;
}
