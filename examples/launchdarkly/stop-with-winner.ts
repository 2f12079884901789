import { client } from './client';

/** Stops the running iteration, declaring the treatment named "Above the fold" the winner. */
export async function main(): Promise<void> {
  const ld = client();
  // example-start
  const current = await ld.getExperiment({ experimentKey: 'checkout-button', expand: ['treatments'] });
  const winner = current.currentIteration?.treatments?.find((t) => t.name === 'Above the fold');
  if (!winner?._id) throw new Error('no such treatment');
  const stopped = await ld.stopIteration('checkout-button', {
    winningTreatmentId: winner._id,
    winningReason: 'Clear lift in checkouts after two weeks',
  });
  console.log(
    `${stopped.key}: ${stopped.currentIteration?.status}, winner ${stopped.currentIteration?.winningTreatmentId}`,
  );
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
