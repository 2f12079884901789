import { instructions } from 'experiments-api';
import { client } from './client';

/** Sends two semantic-patch instructions in one atomic PATCH. */
export async function main(): Promise<void> {
  const ld = client();
  // example-start
  const patched = await ld.patch(
    'checkout-button',
    [
      instructions.updateExperimentFields({ name: { operation: 'update', value: 'Checkout CTA' } }),
      instructions.archiveExperiment(),
    ],
    { comment: 'Done with this one' },
  );
  console.log(`${patched.key}: renamed "${patched.name}", archived ${patched.archivedDate !== undefined}`);
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
