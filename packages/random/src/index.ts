/**
 * The seeded random numbers every llmnist package draws from (browser-safe: plain
 * TypeScript, no Node built-in, no TensorFlow.js). There is no global seed: every generator
 * is built from an explicit seed, so two runs with the same seeds draw the same numbers on
 * every platform; one seed derivation serves training order, augmentation, dropout masks
 * and sampling.
 */
export { mix32, hashInts } from "./hash.js";
export { splitmix32 } from "./splitmix32.js";
export { deriveSeed } from "./derive-seed.js";
export { createRng, type Rng } from "./rng.js";
export { fnv1a32 } from "./fnv1a32.js";
