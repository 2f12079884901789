/** The emulator-only `GET /api/v2/flags/{projectKey}/{featureFlagKey}` route (not in openapi.yaml). */
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { LD_FIXTURE_KEYS, P } from './helpers';

const K = LD_FIXTURE_KEYS;
let emu: RunningEmulator;
beforeAll(async () => (emu = await startEmulator()));
afterAll(() => emu.close());

const get = (path: string, token: string | undefined = K.apiKey) =>
  fetch(`${emu.url}${path}`, { headers: token ? { Authorization: token } : {} });

describe('emulator flag route', () => {
  it('serves a fixture flag with its variations and per-environment state', async () => {
    const response = await get(`/api/v2/flags/${P}/${K.flags.on}`);
    expect(response.status).toBe(200);
    const flag = (await response.json()) as any;
    expect(flag).toMatchObject({ key: K.flags.on, kind: 'multivariate', archived: false });
    expect(flag.variations.map((v: { _id: string }) => v._id)).toEqual([
      K.variations.control,
      K.variations.aboveTheFold,
      K.variations.stickyFooter,
    ]);
    expect(flag.environments.production).toMatchObject({ on: true, _version: 12 });
    expect(flag.environments.production.rules[0]._id).toBe(K.ruleId);
    expect(Object.keys(flag.environments)).toEqual(['production', 'test']);
  });

  it('limits environments with ?env= and reports boolean flags as such', async () => {
    const flag = (await (await get(`/api/v2/flags/${P}/${K.flags.off}?env=test`)).json()) as any;
    expect(flag.kind).toBe('boolean');
    expect(Object.keys(flag.environments)).toEqual(['test']);
  });

  it('404s an unknown flag or project and 401s a missing token, like the spec routes', async () => {
    expect((await get(`/api/v2/flags/${P}/nope`)).status).toBe(404);
    expect((await get(`/api/v2/flags/nope/${K.flags.on}`)).status).toBe(404);
    expect((await get(`/api/v2/flags/${P}/${K.flags.on}`, '')).status).toBe(401);
  });

  it('is recorded under its operation id', async () => {
    await get(`/api/v2/flags/${P}/${K.flags.on}`);
    expect(emu.requests.at(-1)).toMatchObject({ operationId: 'getFeatureFlag', status: 200 });
  });
});
