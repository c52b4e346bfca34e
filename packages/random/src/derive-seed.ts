import { hashInts } from "./hash.js";

/** Salt of deriveSeed's hash ("tran": it was born in @llmnist/train; kept so every derived seed stays the same). */
const DERIVE_SALT = 0x7472616e;

/**
 * Derives an independent 32-bit seed from a base seed and any number of integer parts
 * (e.g. deriveSeed(seed, epoch, layer)); different parts give unrelated streams.
 */
export function deriveSeed(seed: number, ...parts: number[]): number {
  if (!Number.isSafeInteger(seed)) throw new Error(`deriveSeed: seed must be a safe integer, got ${seed}`);
  for (const [i, p] of parts.entries()) {
    if (!Number.isSafeInteger(p)) throw new Error(`deriveSeed: parts[${i}] must be a safe integer, got ${p}`);
  }
  return hashInts(DERIVE_SALT, seed, ...parts);
}
