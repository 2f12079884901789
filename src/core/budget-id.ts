import type * as Crypto from 'node:crypto';
import { loadBuiltin } from './node-http';

/** Hex digits of the SHA-256 kept in a budget id (128 bits: no collisions between real keys). */
const HASH_HEX_DIGITS = 32;

/**
 * Id of a client's budget in a shared rate-limit store: `<vendor>:<hash>`, where the hash is the first 32 hex
 * digits of SHA-256 over the vendor name and the API key. The key itself never leaves the process; the
 * vendor is part of the hash because each vendor counts its own windows.
 */
export function budgetId(vendor: string, apiKey: string): string {
  // Loaded on first use: importing the SDK should not load node:crypto for clients without a shared store.
  const { createHash } = loadBuiltin<typeof Crypto>('node:crypto');
  const hash = createHash('sha256').update(`${vendor}\0${apiKey}`).digest('hex').slice(0, HASH_HEX_DIGITS);
  return `${vendor}:${hash}`;
}
