import {
  ExperimentsApi,
  type Experiment,
  type ExperimentBayesianResultsRep,
  type ExperimentCollectionRep,
  type ExperimentInstruction,
  type ExperimentPost,
  ExperimentPostToJSON,
  type ExperimentResults,
  type IterationInput,
  IterationInputToJSON,
  type IterationRep,
  type MetricGroupResultsRep,
  type RandomizationSettingsRep,
  type RandomizationUnitInput,
  RandomizationUnitInputToJSON,
} from '../../generated';
import { ValidationError } from '../core/errors';
import { offsetPagination, PagePromise, type OffsetCursor } from '../core/paginate';
import { checkPathParam } from '../core/path-params';
import { checkIteration } from './iteration-input';
import { checkKnownFields } from '../core/known-fields';
import { instructions as build, validateInstructions, type FieldEdits } from './instructions';
import type { EnvironmentScope, LaunchDarklyOptions, ProjectScope, RequestOptions } from './options';
import { apiPromise, type APIPromise } from '../core/api-promise';
import { readResponse } from '../core/generated-call';
import { arrayOr } from '../core/tolerant';
import { betaEra, buildConfiguration, callOptions, forCall } from './configuration';
import { sendRaw, type RawRequest, type RawTarget } from '../core/raw-request';
import {
  checkedInteger,
  checkedList,
  EXPERIMENT_EXPAND,
  LIFECYCLE_STATES,
  RESULTS_EXPAND,
  serializeFilter,
  type ExperimentExpand,
  type ExperimentFilter,
  type LifecycleState,
  type ResultsExpand,
} from './query';

/** Parameters of the two list calls. */
export interface ListExperimentsParams {
  /** Page size. Default 20 (the server's). */
  limit?: number;
  /** Items to skip before the first page. Default 0. */
  offset?: number;
  /** Only experiments matching every given term. */
  filter?: ExperimentFilter;
  /** Parts to include; omitted by default. */
  expand?: readonly ExperimentExpand[];
  /** Which experiments to list. Default: server default, `['active']`. */
  lifecycleState?: readonly LifecycleState[];
}

/** A list call: `await` it for one page, or `for await` over every experiment of every page. */
export type ExperimentList = PagePromise<ExperimentCollectionRep, Experiment, OffsetCursor>;

/** Options of the lifecycle helpers (one semantic patch each). */
export interface PatchOptions extends EnvironmentScope {
  /** Audit-log comment. Default: none. */
  comment?: string;
}

const DEFAULT_PAGE_SIZE = 20;

/**
 * Client for the LaunchDarkly Experiments API: one method per operation (named as the API names them),
 * semantic-patch lifecycle helpers, typed query helpers, pagination, retries and typed errors.
 *
 * Responses are read tolerantly: any field of a returned object may be absent, `null` or of another type than
 * declared when the server's answer differs from the spec (a logger gets one warning naming the fields).
 * Every call also offers `.withResponse()` for the status, headers and request id.
 */
export class LaunchDarklyExperiments {
  readonly #api: ExperimentsApi;
  readonly #raw: RawTarget;
  readonly #projectKey?: string;
  readonly #environmentKey?: string;
  /** Base URL requests go to (no trailing slash). */
  readonly baseUrl: string;

  /** @param options see {@link LaunchDarklyOptions}; `apiKey` is required. */
  constructor(options: LaunchDarklyOptions) {
    const { configuration, baseUrl, raw } = buildConfiguration(options);
    this.#api = new ExperimentsApi(configuration);
    this.#raw = raw;
    this.#projectKey = options.projectKey;
    this.#environmentKey = options.environmentKey;
    this.baseUrl = baseUrl;
  }

  /** Lists experiments of one environment (`getExperiments`); awaitable page or async-iterable items. */
  getExperiments(params: ListExperimentsParams & EnvironmentScope = {}, options?: RequestOptions): ExperimentList {
    const scope = this.#env(params);
    return this.#list(
      params,
      options,
      (query) => forCall(this.#api, options).getExperimentsRaw({ ...scope, ...query }),
      'getExperiments',
    );
  }

  /** Lists experiments across every environment of a project (`getExperimentsAnyEnv`). */
  getExperimentsAnyEnv(params: ListExperimentsParams & ProjectScope = {}, options?: RequestOptions): ExperimentList {
    const projectKey = this.#project(params);
    return this.#list(
      params,
      options,
      (query) => forCall(this.#api, options).getExperimentsAnyEnvRaw({ projectKey, ...query }),
      'getExperimentsAnyEnv',
    );
  }

  /** Creates an experiment with its first (draft) iteration (`createExperiment`, 201). */
  createExperiment(
    params: { experiment: ExperimentPost } & EnvironmentScope,
    options?: RequestOptions,
  ): APIPromise<Experiment> {
    return apiPromise(async () => {
      const experiment = params?.experiment;
      if (!experiment || typeof experiment !== 'object')
        throw new ValidationError('experiment is required', { field: 'experiment' });
      checkPathParam('experiment.key', experiment.key);
      if (typeof experiment.name !== 'string' || !experiment.name.trim())
        throw new ValidationError('experiment.name must be a non-blank string', { field: 'experiment.name' });
      checkIteration(experiment.iteration, 'experiment.iteration');
      checkKnownFields(experiment, ExperimentPostToJSON(experiment), 'experiment');
      const call = forCall(this.#api, options).createExperimentRaw({
        ...this.#env(params),
        experimentPost: experiment,
      });
      return readResponse(await call, 'POST', 'createExperiment');
    });
  }

  /** Reads one experiment (`getExperiment`); `expand` adds iterations, treatments, etc. */
  getExperiment(
    params: { experimentKey: string; expand?: readonly ExperimentExpand[] } & EnvironmentScope,
    options?: RequestOptions,
  ): APIPromise<Experiment> {
    return apiPromise(async () => {
      const expand = checkedList('expand', params?.expand, EXPERIMENT_EXPAND);
      const call = forCall(this.#api, options).getExperimentRaw({ ...this.#experiment(params), expand });
      return readResponse(await call, 'GET', 'getExperiment');
    });
  }

  /**
   * Applies semantic patch instructions atomically (`patchExperiment`), always with the
   * `application/json; domain-model=launchdarkly.semanticpatch` media type. Not retried on 5xx (not idempotent).
   */
  patchExperiment(
    params: {
      experimentKey: string;
      instructions: readonly ExperimentInstruction[];
      comment?: string;
    } & EnvironmentScope,
    options?: RequestOptions,
  ): APIPromise<Experiment> {
    return apiPromise(async () => {
      validateInstructions(params?.instructions);
      if (params.comment !== undefined && typeof params.comment !== 'string')
        throw new ValidationError('comment must be a string', { field: 'comment' });
      const experimentPatchInput = { comment: params.comment, instructions: [...params.instructions] };
      const call = forCall(this.#api, options).patchExperimentRaw({
        ...this.#experiment(params),
        experimentPatchInput,
      });
      return readResponse(await call, 'PATCH', 'patchExperiment');
    });
  }

  /** Shorthand for {@link patchExperiment}: `patch(key, [instructions.archiveExperiment()], { comment })`. */
  patch(
    experimentKey: string,
    instructions: readonly ExperimentInstruction[],
    options: PatchOptions & RequestOptions = {},
  ): APIPromise<Experiment> {
    const { comment, projectKey, environmentKey, ...request } = options ?? {};
    return this.patchExperiment({ experimentKey, instructions, comment, projectKey, environmentKey }, request);
  }

  /** Adds a draft iteration (`createIteration`, 200). Deprecated by LaunchDarkly: prefer {@link saveAndStartNewIteration}. */
  createIteration(
    params: { experimentKey: string; iteration: IterationInput } & EnvironmentScope,
    options?: RequestOptions,
  ): APIPromise<IterationRep> {
    return apiPromise(async () => {
      checkIteration(params?.iteration, 'iteration');
      checkKnownFields(params.iteration, IterationInputToJSON(params.iteration), 'iteration');
      const call = forCall(this.#api, options).createIterationRaw({
        ...this.#experiment(params),
        iterationInput: params.iteration,
      });
      return readResponse(await call, 'POST', 'createIteration');
    });
  }

  /**
   * Bayesian results of an iteration for one metric (`getExperimentResults`); current iteration by default.
   * Removed by LaunchDarkly in 2025-10; sends `LD-API-Version: beta` unless `options.apiVersion` is given.
   */
  getExperimentResults(
    params: {
      experimentKey: string;
      metricKey: string;
      iterationId?: string;
      expand?: readonly ResultsExpand[];
    } & EnvironmentScope,
    options?: RequestOptions,
  ): APIPromise<ExperimentBayesianResultsRep> {
    return apiPromise(async () => {
      const metricKey = checkPathParam('metricKey', params?.metricKey);
      const expand = checkedList('expand', params.expand, RESULTS_EXPAND);
      const call = forCall(this.#api, betaEra(options)).getExperimentResultsRaw({
        ...this.#experiment(params),
        metricKey,
        iterationId: optionalText('iterationId', params.iterationId),
        expand,
      });
      return readResponse(await call, 'GET', 'getExperimentResults');
    });
  }

  /**
   * Results for every metric of a metric group (`getExperimentResultsForMetricGroup`). Removed by LaunchDarkly
   * in 2025-10; sends `LD-API-Version: beta` unless `options.apiVersion` is given.
   */
  getExperimentResultsForMetricGroup(
    params: { experimentKey: string; metricGroupKey: string; iterationId?: string } & EnvironmentScope,
    options?: RequestOptions,
  ): APIPromise<MetricGroupResultsRep> {
    return apiPromise(async () => {
      const metricGroupKey = checkPathParam('metricGroupKey', params?.metricGroupKey);
      const call = forCall(this.#api, betaEra(options)).getExperimentResultsForMetricGroupRaw({
        ...this.#experiment(params),
        metricGroupKey,
        iterationId: optionalText('iterationId', params.iterationId),
      });
      return readResponse(await call, 'GET', 'getExperimentResultsForMetricGroup');
    });
  }

  /** The project's randomization units (`getExperimentationSettings`). */
  getExperimentationSettings(
    params: ProjectScope = {},
    options?: RequestOptions,
  ): APIPromise<RandomizationSettingsRep> {
    return apiPromise(async () => {
      const call = forCall(this.#api, options).getExperimentationSettingsRaw({ projectKey: this.#project(params) });
      return readResponse(await call, 'GET', 'getExperimentationSettings');
    });
  }

  /** Replaces the project's randomization units (`putExperimentationSettings`); at most one may be `default`. */
  putExperimentationSettings(
    params: { randomizationUnits: RandomizationUnitInput[] } & ProjectScope,
    options?: RequestOptions,
  ): APIPromise<RandomizationSettingsRep> {
    return apiPromise(async () => {
      const units = params?.randomizationUnits;
      if (!Array.isArray(units) || units.length === 0)
        throw new ValidationError('randomizationUnits must be a non-empty array', { field: 'randomizationUnits' });
      [...units].forEach((u, i) => {
        checkPathParam(`randomizationUnits[${i}].randomizationUnit`, u?.randomizationUnit);
        // A string such as 'false' would be sent as is (LaunchDarkly answers 400) and counted as a default here.
        if (u.default !== undefined && typeof u.default !== 'boolean')
          throw new ValidationError(`randomizationUnits[${i}].default must be true or false`, {
            field: `randomizationUnits[${i}].default`,
          });
      });
      checkKnownFields(units, units.map(RandomizationUnitInputToJSON), 'randomizationUnits');
      if (units.filter((u) => u.default).length > 1)
        throw new ValidationError('at most one randomization unit may be the default', { field: 'randomizationUnits' });
      const call = forCall(this.#api, options).putExperimentationSettingsRaw({
        projectKey: this.#project(params),
        randomizationSettingsPut: { randomizationUnits: units },
      });
      return readResponse(await call, 'PUT', 'putExperimentationSettings');
    });
  }

  /**
   * Results of a legacy flag-scoped experiment (`getLegacyExperimentResults`); `from`/`to` are epoch ms.
   * Removed by LaunchDarkly in 2025-04; sends `LD-API-Version: beta` unless `options.apiVersion` is given.
   */
  getLegacyExperimentResults(
    params: { featureFlagKey: string; metricKey: string; from?: number; to?: number } & EnvironmentScope,
    options?: RequestOptions,
  ): APIPromise<ExperimentResults> {
    return apiPromise(async () => {
      const from = checkedInteger('from', params?.from, 0);
      const to = checkedInteger('to', params?.to, 0);
      if (from !== undefined && to !== undefined && from > to)
        throw new ValidationError('from must not be after to', { field: 'from' });
      const call = forCall(this.#api, betaEra(options)).getLegacyExperimentResultsRaw({
        ...this.#legacy(params),
        from,
        to,
      });
      return readResponse(await call, 'GET', 'getLegacyExperimentResults');
    });
  }

  /**
   * Deletes the data of a legacy flag-scoped experiment (`resetExperiment`, 204). Removed by LaunchDarkly in
   * 2024; sends `LD-API-Version: beta` unless `options.apiVersion` is given.
   */
  resetExperiment(
    params: { featureFlagKey: string; metricKey: string } & EnvironmentScope,
    options?: RequestOptions,
  ): APIPromise<void> {
    return apiPromise(async () => {
      return readResponse(
        await forCall(this.#api, betaEra(options)).resetExperimentRaw(this.#legacy(params)),
        'DELETE',
        'resetExperiment',
      );
    });
  }

  /** Starts the draft iteration; `changeJustification` is required by the server if one is already running. */
  startIteration(
    experimentKey: string,
    params: PatchOptions & { changeJustification?: string } = {},
    options?: RequestOptions,
  ): APIPromise<Experiment> {
    return this.#patchOne(
      experimentKey,
      params,
      () => build.startIteration({ changeJustification: params?.changeJustification }),
      options,
    );
  }

  /** Stops the running iteration with a winner (`TreatmentRep._id`) and a reason. */
  stopIteration(
    experimentKey: string,
    params: PatchOptions & { winningTreatmentId: string; winningReason: string },
    options?: RequestOptions,
  ): APIPromise<Experiment> {
    return this.#patchOne(experimentKey, params, () => build.stopIteration(params), options);
  }

  /** Archives the experiment. */
  archiveExperiment(
    experimentKey: string,
    params: PatchOptions = {},
    options?: RequestOptions,
  ): APIPromise<Experiment> {
    return this.#patchOne(experimentKey, params, () => build.archiveExperiment(), options);
  }

  /** Restores an archived experiment. */
  restoreExperiment(
    experimentKey: string,
    params: PatchOptions = {},
    options?: RequestOptions,
  ): APIPromise<Experiment> {
    return this.#patchOne(experimentKey, params, () => build.restoreExperiment(), options);
  }

  /**
   * Renames the experiment (`updateName`).
   * @deprecated LaunchDarkly deprecated `updateName` in July 2026 (v23): use {@link updateExperimentFields} with `name`.
   */
  updateName(
    experimentKey: string,
    name: string,
    params: PatchOptions = {},
    options?: RequestOptions,
  ): APIPromise<Experiment> {
    return this.#patchOne(experimentKey, params, () => build.updateName(name), options);
  }

  /**
   * Replaces the description (`updateDescription`).
   * @deprecated LaunchDarkly deprecated `updateDescription` in July 2026 (v23): use {@link updateExperimentFields}
   * with `description`.
   */
  updateDescription(
    experimentKey: string,
    description: string,
    params: PatchOptions = {},
    options?: RequestOptions,
  ): APIPromise<Experiment> {
    return this.#patchOne(experimentKey, params, () => build.updateDescription(description), options);
  }

  /** Edits fields (`updateExperimentFields`), e.g. `{ description: { operation: 'update', value: '…' } }`. */
  updateExperimentFields(
    experimentKey: string,
    fields: FieldEdits,
    params: PatchOptions = {},
    options?: RequestOptions,
  ): APIPromise<Experiment> {
    return this.#patchOne(experimentKey, params, () => build.updateExperimentFields(fields), options);
  }

  /** Stops the current iteration, clones it with `fields` applied and starts the clone. */
  saveAndStartNewIteration(
    experimentKey: string,
    params: PatchOptions & { changeJustification?: string; fields?: FieldEdits } = {},
    options?: RequestOptions,
  ): APIPromise<Experiment> {
    const instruction = () =>
      build.saveAndStartNewIteration({ changeJustification: params?.changeJustification, fields: params?.fields });
    return this.#patchOne(experimentKey, params, instruction, options);
  }

  /**
   * Calls an endpoint this client does not model, with the same base URL, token, `LD-API-Version`, throttle,
   * retries (POST/PATCH not retried after the server may have acted), typed errors and redaction. `path` is
   * relative to the base URL with `{name}` placeholders filled from `params` (`projectKey` and `environmentKey`
   * default to the client's); anything that would leave the base URL is refused with ValidationError before
   * sending. Resolves the JSON body as `T` (unchecked; undefined when empty); `.withResponse()` adds the response.
   *
   * @example
   * const flag = await ld.request<{ variations: { _id: string; name?: string }[] }>({
   *   method: 'GET',
   *   path: '/api/v2/flags/{projectKey}/{flagKey}',
   *   params: { flagKey: 'checkout-button-position' },
   * });
   */
  request<T = unknown>(request: RawRequest, options?: RequestOptions): APIPromise<T> {
    return sendRaw<T>(this.#raw, request, callOptions(options));
  }

  /** Safe summary: never includes the API key. */
  toJSON(): Record<string, unknown> {
    return {
      client: 'LaunchDarklyExperiments',
      baseUrl: this.baseUrl,
      projectKey: this.#projectKey,
      environmentKey: this.#environmentKey,
    };
  }

  /** @internal Keeps `console.log(client)` from printing internals. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `LaunchDarklyExperiments ${JSON.stringify(this.toJSON())}`;
  }

  // The instruction is built inside the call, so a bad argument rejects the returned promise like every other check.
  #patchOne(
    experimentKey: string,
    params: PatchOptions,
    instruction: () => ExperimentInstruction,
    options?: RequestOptions,
  ): APIPromise<Experiment> {
    const { comment, projectKey, environmentKey } = params ?? {};
    return apiPromise(() =>
      this.patchExperiment(
        { experimentKey, instructions: [instruction()], comment, projectKey, environmentKey },
        options,
      ).withResponse(),
    );
  }

  #list(
    params: ListExperimentsParams,
    options: RequestOptions | undefined,
    fetchRaw: (query: object) => ReturnType<ExperimentsApi['getExperimentsRaw']>,
    operation: string,
  ): ExperimentList {
    const { limit: size, offset, filter, expand, lifecycleState } = params ?? {};
    const limit = checkedInteger('limit', size, 1) ?? DEFAULT_PAGE_SIZE;
    const startOffset = checkedInteger('offset', offset, 0) ?? 0;
    const query = {
      filter: serializeFilter(filter),
      expand: checkedList('expand', expand, EXPERIMENT_EXPAND),
      lifecycleState: checkedList('lifecycleState', lifecycleState, LIFECYCLE_STATES),
    };
    const fetchPage = offsetPagination<ExperimentCollectionRep, Experiment>({
      limit,
      startOffset,
      maxPages: Number.MAX_SAFE_INTEGER,
      fetch: async ({ offset, limit: pageSize }) => {
        const call = fetchRaw({ ...query, limit: pageSize, offset });
        const { data: page, response, requestId } = await readResponse(await call, 'GET', operation);
        // Bodies are read tolerantly, so a page may lack its list.
        return { page, items: arrayOr(page?.items), total: page?.total_count, response, requestId };
      },
    });
    return new PagePromise(fetchPage, { signal: options?.signal });
  }

  #project(params: ProjectScope | undefined): string {
    return checkPathParam('projectKey', params?.projectKey ?? this.#projectKey);
  }

  #env(params: EnvironmentScope | undefined): { projectKey: string; environmentKey: string } {
    return {
      projectKey: this.#project(params),
      environmentKey: checkPathParam('environmentKey', params?.environmentKey ?? this.#environmentKey),
    };
  }

  #experiment(params: { experimentKey: string } & EnvironmentScope): {
    projectKey: string;
    environmentKey: string;
    experimentKey: string;
  } {
    return { ...this.#env(params), experimentKey: checkPathParam('experimentKey', params?.experimentKey) };
  }

  #legacy(params: { featureFlagKey: string; metricKey: string } & EnvironmentScope) {
    return {
      ...this.#env(params),
      featureFlagKey: checkPathParam('featureFlagKey', params?.featureFlagKey),
      metricKey: checkPathParam('metricKey', params?.metricKey),
    };
  }
}

function optionalText(field: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : checkPathParam(field, value);
}
