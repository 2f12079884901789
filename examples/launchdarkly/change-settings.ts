import { client } from './client';

/** Adds `organization` as a randomization unit while keeping `user` the default. */
export async function main(): Promise<void> {
  const ld = client();
  // example-start
  const settings = await ld.getExperimentationSettings();
  const units = (settings.randomizationUnits ?? []).map((u) => ({
    randomizationUnit: u.randomizationUnit!,
    default: u.default,
  }));
  if (!units.some((u) => u.randomizationUnit === 'organization'))
    units.push({ randomizationUnit: 'organization', default: false });
  const updated = await ld.putExperimentationSettings({ randomizationUnits: units });
  console.log(
    `randomization units: ${updated.randomizationUnits?.map((u) => u.randomizationUnit + (u.default ? ' (default)' : '')).join(', ')}`,
  );
  // example-end
}

if (require.main === module) main().catch((error) => (console.error(String(error)), process.exit(1)));
