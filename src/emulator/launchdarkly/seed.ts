import type { Handler, HandlerContext } from '../handler';
import { HttpError } from '../http';
import type { SpecRoute } from '../spec';
import type { SpecValidator } from '../validate';
import { LD_FIXTURE_KEYS } from './fixtures';

/** An experiment to create when the emulator starts (and again after every `reset()`). */
export interface SeedExperiment {
  /** Default `default`. */
  projectKey?: string;
  /** Default `production`. */
  environmentKey?: string;
  /** A createExperiment body (ExperimentPost). */
  body: Record<string, unknown>;
  /** Also start its first iteration. Default false. */
  start?: boolean;
}

/**
 * Creates seed experiments through the same handlers as HTTP requests (so they obey the same rules);
 * a seed that the API would refuse throws, naming the seed, so a bad fixture fails fast at start.
 */
export function seedExperiments(
  handlers: Record<string, Handler>,
  validator: SpecValidator,
  seeds: SeedExperiment[],
  now: number,
): void {
  seeds.forEach((seed, i) => {
    const params = {
      projectKey: seed.projectKey ?? LD_FIXTURE_KEYS.projectKey,
      environmentKey: seed.environmentKey ?? LD_FIXTURE_KEYS.environments.production,
      experimentKey: String(seed.body.key),
    };
    const validate = validator.validatorAt('#/components/schemas/ExperimentPost');
    if (!validate(seed.body))
      throw new Error(`seed experiment ${i}: ${validate.errors?.[0]?.instancePath} ${validate.errors?.[0]?.message}`);
    const ctx = (body: unknown): HandlerContext => ({
      route: undefined as unknown as SpecRoute,
      params,
      query: {},
      searchParams: new URLSearchParams(),
      headers: {},
      body,
      pathname: '',
      origin: '',
      now,
      requestId: `seed-${i}`,
      validator,
    });
    // Seeding is synchronous (so is reset()); a handler that answered with a promise would fail unseen.
    const settled = (reply: ReturnType<Handler>): void => {
      if (reply instanceof Promise) throw new Error(`seed experiment ${i}: the handler answered asynchronously`);
    };
    try {
      settled(handlers.createExperiment(ctx(seed.body)));
      if (seed.start) settled(handlers.patchExperiment(ctx({ instructions: [{ kind: 'startIteration' }] })));
    } catch (error) {
      if (error instanceof HttpError)
        throw new Error(`seed experiment ${i} (${params.experimentKey}): ${error.message}`, { cause: error });
      throw error;
    }
  });
}
