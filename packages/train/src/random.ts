/**
 * The seeded random numbers every llmnist package draws from (browser-safe: no Node
 * built-in), so that one seed derivation serves training order, augmentation, dropout
 * masks and sampling.
 */
export { createRng, deriveSeed, fnv1a32, mix32, type Rng } from "./rng.js";
