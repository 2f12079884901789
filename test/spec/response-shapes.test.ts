/**
 * The compact response-shape tables (src/{launchdarkly,posthog}/response-shapes.ts) are what
 * scripts/response-shapes.cjs makes from openapi.yaml, cover every operation with a JSON 2xx body, and are keyed
 * by the generated method names the facades pass.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ExperimentsApi,
  PostHogExperimentHoldoutsApi,
  PostHogExperimentSavedMetricsApi,
  PostHogExperimentsApi,
} from '../../generated/apis';
import { launchdarklyResponseShapes } from '../../src/launchdarkly/response-shapes';
import { posthogResponseShapes } from '../../src/posthog/response-shapes';
import { jsonSuccesses, methodName } from '../helpers/spec';

const ROOT = join(__dirname, '..', '..');
const FILES = ['src/launchdarkly/response-shapes.ts', 'src/posthog/response-shapes.ts'];

describe('response shapes', () => {
  afterAll(() => {
    const sizes = FILES.map((file) => {
      const text = readFileSync(join(ROOT, file));
      return `${file}: ${text.length} B, ${gzipSync(text).length} B gzipped`;
    });
    console.log(`response shape tables\n${sizes.join('\n')}`);
  });

  it('match what scripts/response-shapes.cjs generates from openapi.yaml', () => {
    expect(() =>
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'response-shapes.cjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('cover every operation with a JSON 2xx body, under its generated method name', () => {
    const expected = [...jsonSuccesses().keys()].map(methodName);
    const ld = Object.keys(launchdarklyResponseShapes().operations);
    const ph = Object.keys(posthogResponseShapes().operations);
    expect([...ld, ...ph].sort()).toEqual(expected.sort());
    const methods = [
      ExperimentsApi,
      PostHogExperimentsApi,
      PostHogExperimentHoldoutsApi,
      PostHogExperimentSavedMetricsApi,
    ].flatMap((api) => Object.getOwnPropertyNames(api.prototype));
    for (const name of [...ld, ...ph]) expect(methods).toContain(`${name}Raw`);
  });
});
