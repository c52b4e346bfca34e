/** splitmix32-style finalizer: a bijective 32-bit mix with good avalanche. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** Folds an integer (any safe integer, negatives included) into a 32-bit hash. */
function hashInt(n: number, h: number): number {
  const lo = n >>> 0;
  const hi = Math.floor(n / 0x1_0000_0000) >>> 0;
  h = mix32(h ^ lo);
  return mix32((h + 0x9e3779b9) ^ hi);
}

/** splitmix32 generator: returns uint32 values. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    return mix32(state);
  };
}

function checkInt(name: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw new Error(`shuffledIndices: ${name} must be a safe integer, got ${v}`);
}

/**
 * A seeded permutation of 0..count-1 (Fisher-Yates driven by splitmix32 seeded from
 * hash(seed, epoch)). The same (count, seed, epoch) always gives the same order, on
 * every platform; different epochs give different orders.
 */
export function shuffledIndices(count: number, seed: number, epoch: number): Uint32Array {
  if (!Number.isInteger(count) || count < 0 || count > 0xffff_ffff) {
    throw new Error(`shuffledIndices: count must be an integer in [0, 2^32), got ${count}`);
  }
  checkInt("seed", seed);
  checkInt("epoch", epoch);
  const next = splitmix32(hashInt(epoch, hashInt(seed, 0x6d6e6973 /* "mnis" */)));
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
