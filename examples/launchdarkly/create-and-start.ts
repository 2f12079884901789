import { client } from './client';

/** Creates an experiment on a flag's default rule, then starts its first iteration. */
export async function main(): Promise<void> {
  const ld = client();
  // example-start
  const experiment = await ld.createExperiment({
    experiment: {
      key: 'checkout-button',
      name: 'Checkout button placement',
      iteration: {
        hypothesis: 'Moving the button above the fold increases checkouts',
        metrics: [{ key: 'checkout-completed' }],
        primarySingleMetricKey: 'checkout-completed',
        randomizationUnit: 'user',
        flags: { 'checkout-button-position': { ruleId: 'fallthrough', flagConfigVersion: 12 } },
        treatments: [
          {
            name: 'Below the fold',
            baseline: true,
            allocationPercent: '50',
            parameters: [{ flagKey: 'checkout-button-position', variationId: 'e432f62b-55f6-49dd-a02f-eb24acf39d05' }],
          },
          {
            name: 'Above the fold',
            baseline: false,
            allocationPercent: '50',
            parameters: [{ flagKey: 'checkout-button-position', variationId: '7a8b9c0d-55f6-49dd-a02f-eb24acf39d06' }],
          },
        ],
      },
    },
  });
  const started = await ld.startIteration(experiment.key, { comment: 'Ready for traffic' });
  console.log(`${started.key}: iteration ${started.currentIteration?._id} is ${started.currentIteration?.status}`);
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
