import { client } from './client';

/** Prints the Bayesian results of the running iteration, one row per treatment. */
export async function main(): Promise<void> {
  const ld = client();
  // example-start
  const results = await ld.getExperimentResults({
    experimentKey: 'checkout-button',
    metricKey: 'checkout-completed',
    expand: ['traffic'],
  });
  const rows = results.results?.[0]?.treatmentResults ?? [];
  for (const arm of rows) {
    const interval = `[${arm.credibleInterval?.lower?.toFixed(3)}, ${arm.credibleInterval?.upper?.toFixed(3)}]`;
    console.log(
      `${arm.treatmentName?.padEnd(16)} mean ${arm.mean?.toFixed(3)} ${interval} P(best) ${arm.pBest?.toFixed(2)} units ${arm.units}`,
    );
  }
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
