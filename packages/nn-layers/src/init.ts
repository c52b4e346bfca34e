import * as tfl from "@tensorflow/tfjs-layers";

/**
 * PyTorch's default initialisation for `nn.Linear` and `nn.Conv2d`: Kaiming-uniform with
 * a = sqrt(5) for weights, which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the same bound
 * for biases. Matching it matters for matching the paper's accuracies.
 */
export function torchDefaultUniform(fanIn: number, seed?: number): ReturnType<typeof tfl.initializers.randomUniform> {
  if (!(fanIn > 0)) throw new Error(`torchDefaultUniform: fan_in must be > 0, got ${fanIn}`);
  const bound = 1 / Math.sqrt(fanIn);
  return tfl.initializers.randomUniform({ minval: -bound, maxval: bound, seed });
}

/**
 * The seed of a child layer's initialiser, from its parent's seed and a salt, so every weight
 * gets its own stream (undefined stays unseeded). Only for initial weights: its mixing is
 * what every committed run was initialised with, so it is kept as is; everything else draws
 * from @llmnist/random's deriveSeed.
 */
export function initSeed(seed: number | undefined, salt: number): number | undefined {
  if (seed === undefined) return undefined;
  // splitmix32-style mixing keeps nearby seeds far apart.
  let z = (seed + Math.imul(salt + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
