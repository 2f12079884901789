import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/** The parsed `openapi.yaml` at the repository root. */
export const spec: any = parse(readFileSync(join(__dirname, '..', '..', 'openapi.yaml'), 'utf8'));

/** Value of `components.examples[name]`, deep-copied so tests may mutate it. */
export function specExample<T = any>(name: string): T {
  const example = spec.components.examples[name];
  if (!example) throw new Error(`no example ${name} in openapi.yaml`);
  return structuredClone(example.value);
}

const ajv = new Ajv({
  strict: false,
  allErrors: true,
  // OpenAPI formats carry no extra constraint here beyond `type`.
  formats: {
    int64: true,
    int32: true,
    'date-time': true,
    uri: true,
    uuid: true,
    email: true,
    double: true,
    float: true,
  },
});
ajv.addSchema(spec, 'openapi');

/** An ajv validator for a JSON pointer into the spec, e.g. `#/components/schemas/Experiment`. */
export function validatorFor(pointer: string): ValidateFunction {
  return ajv.getSchema(`openapi${pointer}`) ?? ajv.compile({ $ref: `openapi${pointer}` });
}

/** Resolves a local `$ref` object (one level) in the spec. */
export function deref<T = any>(node: any): T {
  if (node && typeof node.$ref === 'string') {
    const path = node.$ref.replace(/^#\//, '').split('/');
    return deref(path.reduce((acc: any, key: string) => acc[key], spec));
  }
  return node;
}

/** Operation id → the operation's first 2xx response with a JSON body: its status and that JSON media object. */
export function jsonSuccesses(): Map<string, { status: number; media: any }> {
  const out = new Map<string, { status: number; media: any }>();
  for (const item of Object.values<any>(spec.paths)) {
    for (const op of Object.values<any>(item)) {
      const code = Object.keys(op?.responses ?? {}).find(
        (c) => c.startsWith('2') && op.responses[c]?.content?.['application/json'],
      );
      if (code)
        out.set(op.operationId, { status: Number(code), media: op.responses[code].content['application/json'] });
    }
  }
  return out;
}

/** The generated method name of an operation id (`experiments_ship_variant` → `experimentsShipVariant`). */
export function methodName(operationId: string): string {
  return operationId.replace(/[_-]+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());
}
