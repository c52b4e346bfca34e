import { hashInts, splitmix32 } from "@llmnist/random";

/** Salt of the shuffle's seed hash ("mnis"), so its stream is unrelated to deriveSeed's for the same seed. */
const SHUFFLE_SALT = 0x6d6e6973;

function checkInt(name: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw new Error(`shuffledIndices: ${name} must be a safe integer, got ${v}`);
}

/**
 * A seeded permutation of 0..count-1 (Fisher-Yates driven by @llmnist/random's splitmix32,
 * seeded from hashInts("mnis", seed, epoch)). The same (count, seed, epoch) always gives the same order, on
 * every platform; different epochs give different orders.
 */
export function shuffledIndices(count: number, seed: number, epoch: number): Uint32Array {
  if (!Number.isInteger(count) || count < 0 || count > 0xffff_ffff) {
    throw new Error(`shuffledIndices: count must be an integer in [0, 2^32), got ${count}`);
  }
  checkInt("seed", seed);
  checkInt("epoch", epoch);
  const next = splitmix32(hashInts(SHUFFLE_SALT, seed, epoch));
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = i;
  for (let i = count - 1; i > 0; i--) {
    // 32 random bits scaled to [0, i]; the bias (< i / 2^32) is negligible for MNIST sizes.
    const j = Math.floor((next() / 0x1_0000_0000) * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
