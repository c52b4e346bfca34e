/**
 * Seeded pseudo-random numbers for anything the engine randomises. There is no global
 * seed: every generator is built from an explicit seed, so two runs with the same seeds
 * draw the same numbers on every platform.
 */

/** A seeded generator (splitmix32). */
export interface Rng {
  /** Next uint32 in [0, 2^32). */
  nextUint32(): number;
  /** Next float in [0, 1) with 32 random bits. */
  next(): number;
  /** Next integer in [0, n). */
  nextInt(n: number): number;
  /** Next standard normal N(0, 1) (Box-Muller). */
  normal(): number;
}

/** splitmix32 output finalizer: a bijective 32-bit mix with good avalanche. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

function checkSeed(fn: string, seed: number): void {
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`${fn}: seed must be a safe integer, got ${seed}`);
  }
}

/** Folds a safe integer (negatives and values above 2^32 included) into 32 bits. */
function fold(n: number, h: number): number {
  const lo = n >>> 0;
  const hi = Math.floor(n / 0x1_0000_0000) >>> 0;
  return mix32((mix32(h ^ lo) + 0x9e3779b9) ^ hi);
}

/**
 * Derives an independent 32-bit seed from a base seed and any number of integer parts
 * (e.g. deriveSeed(seed, epoch, layer)); different parts give unrelated streams.
 */
export function deriveSeed(seed: number, ...parts: number[]): number {
  checkSeed("deriveSeed", seed);
  let h = fold(seed, 0x7472616e /* "tran" */);
  for (const [i, p] of parts.entries()) {
    if (!Number.isSafeInteger(p)) throw new Error(`deriveSeed: parts[${i}] must be a safe integer, got ${p}`);
    h = fold(p, h);
  }
  return h;
}

/** A splitmix32 generator seeded with `seed` (any safe integer). */
export function createRng(seed: number): Rng {
  checkSeed("createRng", seed);
  let state = fold(seed, 0);
  let spare: number | null = null;
  const nextUint32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    return mix32(state);
  };
  const next = (): number => nextUint32() / 0x1_0000_0000;
  return {
    nextUint32,
    next,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) {
        throw new Error(`Rng.nextInt: n must be an integer in [1, 2^32], got ${n}`);
      }
      // Rejection sampling: no modulo bias.
      const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
    normal(): number {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      // 1 - next() is in (0, 1], so the log is finite.
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}

/** FNV-1a (32-bit) of bytes: a cheap, stable hash (of a name's UTF-8, of labels), not a cryptographic one. */
export function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}
