import { ApprovalRequiredError } from 'experiments-api';
import { client } from './client';

/** Creates an experiment with a mean and a funnel metric, then launches it. */
export async function main(): Promise<void> {
  const posthog = client();
  // example-start
  const experiment = await posthog.experiments.create({
    name: 'Checkout button copy',
    description: 'Changing the button label to "Buy now" increases completed purchases.',
    feature_flag_key: 'checkout-button-copy',
    feature_flag: {
      filters: {
        multivariate: {
          variants: [
            { key: 'control', name: 'Control', rollout_percentage: 50 },
            { key: 'test', name: 'Buy now', rollout_percentage: 50 },
          ],
        },
      },
    },
    metrics: [
      {
        kind: 'ExperimentMetric',
        metric_type: 'mean',
        name: 'Revenue per user',
        goal: 'increase',
        source: { kind: 'EventsNode', event: 'purchase', math: 'sum', math_property: 'revenue' },
      },
      {
        kind: 'ExperimentMetric',
        metric_type: 'funnel',
        name: 'Checkout conversion',
        series: [
          { kind: 'EventsNode', event: 'cart_viewed' },
          { kind: 'EventsNode', event: 'checkout_completed' },
        ],
        conversion_window: 14,
        conversion_window_unit: 'day',
      },
    ],
  });
  try {
    const launched = await posthog.experiments.launch(experiment.id);
    console.log(`experiment ${launched.id} launched at ${launched.start_date?.toISOString()}`);
  } catch (error) {
    // Under an approval policy nothing changes until the change request is approved.
    if (error instanceof ApprovalRequiredError) console.log(`awaiting approval: ${error.changeRequestId}`);
    else throw error;
  }
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
