/** The random numbers a canvas draws: `@llmnist/random`'s `Rng` (from `createRng`) is one. */
export interface CanvasRng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}

/**
 * How a set seeds its canvases (default: `@llmnist/random`'s `createRng` and `deriveSeed`). Canvas
 * k draws from `createRng(deriveSeed(seed, k))`, so it does not depend on the canvases before it.
 */
export interface SeededRandom {
  createRng(seed: number): CanvasRng;
  deriveSeed(seed: number, ...parts: number[]): number;
}
