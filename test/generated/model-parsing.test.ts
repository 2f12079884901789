import * as generated from '../../generated';
import { ExperimentInstructionFromJSON, PostHogExperimentFromJSON, PostHogExperimentMetricFromJSON } from '../../generated';
import { spec } from '../helpers/spec';

/** The documented response example of PostHog's experiments_retrieve. */
const postHogExperiment = (): any =>
  structuredClone(spec.paths['/api/projects/{project_id}/experiments/{id}/'].get.responses['200'].content['application/json'].example);

const LD_OPERATIONS = [
  'getExperiments',
  'createExperiment',
  'getExperiment',
  'patchExperiment',
  'createIteration',
  'getExperimentResults',
  'getExperimentResultsForMetricGroup',
  'getExperimentationSettings',
  'putExperimentationSettings',
  'getExperimentsAnyEnv',
  'getLegacyExperimentResults',
  'resetExperiment',
];

describe('the 12 LaunchDarkly operations', () => {
  it('are in openapi.yaml under the Experiments tag', () => {
    const ops: string[] = [];
    for (const item of Object.values<any>(spec.paths)) {
      for (const op of Object.values<any>(item)) if (op?.tags?.includes('Experiments')) ops.push(op.operationId);
    }
    expect(ops.sort()).toEqual([...LD_OPERATIONS].sort());
  });

  it('are methods of the generated ExperimentsApi (only the Raw one: templates/typescript-fetch/apis.mustache)', () => {
    const proto = generated.ExperimentsApi.prototype as unknown as Record<string, unknown>;
    for (const id of LD_OPERATIONS) {
      expect([id, typeof proto[id], typeof proto[`${id}Raw`]]).toEqual([id, 'undefined', 'function']);
    }
  });
});

describe('generated model parsing (generator behaviour the facade relies on)', () => {
  it('keeps JSON null on nullable fields instead of turning it into undefined', () => {
    const parsed = PostHogExperimentFromJSON({ ...postHogExperiment(), conclusion: null, start_date: null });
    expect(parsed.conclusion).toBeNull();
    expect(parsed.start_date).toBeNull();
  });

  it('leaves absent optional fields undefined', () => {
    const example = postHogExperiment();
    delete example.conclusion;
    expect(PostHogExperimentFromJSON(example).conclusion).toBeUndefined();
  });

  it('keeps an unknown union variant as sent instead of throwing', () => {
    const future = { kind: 'ExperimentMetric', metric_type: 'bandit_reward', uuid: 'u-1', extra: { deep: true } };
    expect(PostHogExperimentMetricFromJSON(future)).toEqual(future);
    expect(ExperimentInstructionFromJSON({ kind: 'someFutureKind', value: 1 })).toEqual({ kind: 'someFutureKind', value: 1 });
  });
});
