/** splitmix32 output finalizer: a bijective 32-bit mix with good avalanche. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** Folds a safe integer (negatives and values above 2^32 included: both 32-bit halves count) into `h`. */
function foldInt(n: number, h: number): number {
  const lo = n >>> 0;
  const hi = Math.floor(n / 0x1_0000_0000) >>> 0;
  return mix32((mix32(h ^ lo) + 0x9e3779b9) ^ hi);
}

/**
 * A 32-bit hash of a sequence of safe integers, started from `salt` (its low 32 bits), so
 * different salts give unrelated hashes of the same integers. Order matters:
 * hashInts(s, a, b) !== hashInts(s, b, a).
 */
export function hashInts(salt: number, ...ints: number[]): number {
  if (!Number.isSafeInteger(salt)) throw new Error(`hashInts: salt must be a safe integer, got ${salt}`);
  let h = salt;
  for (const [i, n] of ints.entries()) {
    if (!Number.isSafeInteger(n)) throw new Error(`hashInts: ints[${i}] must be a safe integer, got ${n}`);
    h = foldInt(n, h);
  }
  return h >>> 0;
}
