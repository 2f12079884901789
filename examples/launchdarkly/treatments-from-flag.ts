import { client } from './client';

/** Reads a flag (an endpoint the SDK does not model) and creates a draft experiment with one treatment per variation. */
export async function main(): Promise<void> {
  const ld = client();
  // example-start
  const flagKey = 'checkout-button-position';
  const flag = await ld.request<{
    variations: { _id: string; name?: string; value: unknown }[];
    environments: Record<string, { _version: number }>;
  }>({
    method: 'GET',
    path: '/api/v2/flags/{projectKey}/{flagKey}',
    params: { flagKey }, // projectKey: the client's
    query: { env: 'production' },
  });
  const share = Math.floor(100 / flag.variations.length);
  const treatments = flag.variations.map((variation, i) => ({
    name: variation.name ?? JSON.stringify(variation.value),
    baseline: i === 0,
    // Whole percentages summing to 100: the baseline takes the remainder.
    allocationPercent: String(i === 0 ? 100 - share * (flag.variations.length - 1) : share),
    parameters: [{ flagKey, variationId: variation._id }],
  }));
  const draft = await ld.createExperiment({
    experiment: {
      key: 'checkout-every-position',
      name: 'Every checkout button position',
      iteration: {
        hypothesis: 'One of the positions increases checkouts',
        metrics: [{ key: 'checkout-completed' }],
        primarySingleMetricKey: 'checkout-completed',
        randomizationUnit: 'user',
        flags: { [flagKey]: { ruleId: 'fallthrough', flagConfigVersion: flag.environments.production._version } },
        treatments,
      },
    },
  });
  console.log(`${draft.key}: ${treatments.map((t) => `${t.name} ${t.allocationPercent}%`).join(', ')}`);
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
