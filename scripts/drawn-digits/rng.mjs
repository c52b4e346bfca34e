// The project's seeded generator (@llmnist/random: splitmix32, the same numbers on every
// platform), taken from its build so this script needs no TypeScript loader.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dist = new URL("../../packages/random/dist/index.js", import.meta.url);
if (!existsSync(fileURLToPath(dist))) {
  throw new Error(`${fileURLToPath(dist)} is missing: build it first (pnpm --filter @llmnist/random build)`);
}
const { createRng, deriveSeed } = await import(dist.href);

/** A generator for one purpose of one picture: createRng(deriveSeed(seed, ...parts)). */
export function rngFor(seed, ...parts) {
  const rng = createRng(deriveSeed(seed, ...parts));
  return {
    ...rng,
    /** Uniform in [lo, hi). */
    uniform: (lo, hi) => lo + (hi - lo) * rng.next(),
    /** True with probability p. */
    chance: (p) => rng.next() < p,
  };
}
