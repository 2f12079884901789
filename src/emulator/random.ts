import { createHash } from 'node:crypto';

/** A 32-bit unsigned seed derived from any strings (SHA-256 of the joined parts). */
export function seedFrom(...parts: Array<string | number>): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0);
}

/** A small deterministic PRNG (mulberry32): same seed, same sequence of numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from a uniform PRNG (Box-Muller; `1 - u` avoids log(0)). */
export function normalDraw(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Deterministic identifiers: the n-th id of a generator depends only on its seed, so two emulators
 * started with the same seed hand out the same ids in the same order (stable snapshots).
 */
export class IdGenerator {
  private counter = 0;

  /** `seed`: any string; the same seed gives the same id sequence. */
  constructor(private readonly seed: string) {}

  /** A 24-hex-digit id shaped like LaunchDarkly's Mongo-style `_id` values. */
  next(): string {
    this.counter += 1;
    return createHash('sha1').update(`${this.seed}:${this.counter}`).digest('hex').slice(0, 24);
  }

  /** Starts the sequence again (used by `reset()`). */
  restart(): void {
    this.counter = 0;
  }
}
