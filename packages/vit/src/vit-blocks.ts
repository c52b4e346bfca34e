import { initSeed, TransformerBlock, VIT_BLOCK_NAMES } from "@llmnist/nn-layers";
import type { ViTConfig } from "./config.js";

/** The fields of a config that shape the ViT's blocks (a detector's config has them too). */
export type ViTBlocksConfig = Pick<ViTConfig, "numLayers" | "numHeads" | "numKvHeads" | "intermediateSize" | "ropeTheta" | "rmsNormEps" | "mlp">;

/**
 * The ViT's pre-norm blocks `layers.0` .. `layers.{L-1}`, parts named like PyTorch's
 * (norm1, attn, norm2, mlp): bidirectional GQA with q/k/v biases and a bias-free output
 * projection, then a bias-free SwiGLU (or `c.mlp`). Block i is seeded
 * `initSeed(seed, 100 + i)` and named `childName("layers.i")`.
 */
export function createViTBlocks(c: ViTBlocksConfig, seed: number | undefined, childName: (attribute: string) => string): TransformerBlock[] {
  return Array.from({ length: c.numLayers }, (_, i) =>
    new TransformerBlock({
      numHeads: c.numHeads,
      numKvHeads: c.numKvHeads,
      intermediateSize: c.intermediateSize,
      qkvBias: true,
      outputBias: false,
      mlpBias: false,
      ropeTheta: c.ropeTheta,
      rmsNormEps: c.rmsNormEps,
      causal: false,
      mlp: c.mlp,
      names: VIT_BLOCK_NAMES,
      seed: initSeed(seed, 100 + i),
      name: childName(`layers.${i}`),
    }),
  );
}
