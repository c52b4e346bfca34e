import { hashInts } from "./hash.js";
import { splitmix32 } from "./splitmix32.js";

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

/** A splitmix32 generator seeded with `seed` (any safe integer, hashed so nearby seeds are unrelated). */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new Error(`createRng: seed must be a safe integer, got ${seed}`);
  const nextUint32 = splitmix32(hashInts(0, seed));
  const next = (): number => nextUint32() / 0x1_0000_0000;
  // Box-Muller makes two normals per draw: the second is kept for the next call.
  let spare: number | null = null;
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
