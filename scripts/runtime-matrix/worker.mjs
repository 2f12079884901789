// Cloudflare Worker running smoke.mjs once per request (bundled with esbuild, served by workerd through
// miniflare). The emulator's URL comes in as the EMULATOR_URL binding.
import { smoke } from './smoke.mjs';

export default {
  async fetch(_request, env) {
    try {
      return Response.json({ ok: true, checks: await smoke(env.EMULATOR_URL) });
    } catch (error) {
      return Response.json({ ok: false, error: String(error && error.message) });
    }
  },
};
