import { mix32 } from "./hash.js";

/**
 * The raw splitmix32 generator: each call adds the golden-ratio increment to the 32-bit
 * state and returns its mix, a uint32. `state` is used as is (its low 32 bits); to start
 * from a seed and a purpose, pass hashInts(salt, seed, ...) or deriveSeed(seed, ...).
 */
export function splitmix32(state: number): () => number {
  if (!Number.isSafeInteger(state)) throw new Error(`splitmix32: state must be a safe integer, got ${state}`);
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    return mix32(s);
  };
}
