import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { buildChild, CompositeLayer, initSeed, Linear } from "@llmnist/nn-layers";
import { gelu } from "./gelu.js";

/** MNIST images are 28 x 28, fed as 784 values in [0, 1]. */
export const IMAGE_SIDE = 28;
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;

/**
 * How pixels become image tokens, both with LLaVA's "mlp2x_gelu" (Linear -> GELU -> Linear):
 * - `flat`: the whole flattened image (784) -> hidden -> imageTokens * d, cut into imageTokens tokens.
 * - `patch`: each patchSize x patchSize patch (row-major) -> hidden -> d, one token per patch
 *   (the projector applied per visual token, as LLaVA applies it to each vision-encoder patch).
 */
export type ProjectorConfig =
  | { kind: "flat"; imageTokens: number; hiddenSize: number }
  | { kind: "patch"; patchSize: number; hiddenSize: number };

export function projectorTokens(c: ProjectorConfig): number {
  return c.kind === "flat" ? c.imageTokens : (IMAGE_SIDE / c.patchSize) ** 2;
}

export function validateProjectorConfig(c: ProjectorConfig, source = "projector config"): void {
  if (c.kind !== "flat" && c.kind !== "patch") throw new Error(`${source}: kind must be "flat" or "patch", got ${JSON.stringify((c as { kind: unknown }).kind)}`);
  if (!Number.isInteger(c.hiddenSize) || c.hiddenSize <= 0) throw new Error(`${source}: hiddenSize must be a positive integer, got ${c.hiddenSize}`);
  if (c.kind === "flat" && (!Number.isInteger(c.imageTokens) || c.imageTokens <= 0)) {
    throw new Error(`${source}: imageTokens must be a positive integer, got ${c.imageTokens}`);
  }
  if (c.kind === "patch" && (!Number.isInteger(c.patchSize) || c.patchSize <= 0 || IMAGE_SIDE % c.patchSize !== 0)) {
    throw new Error(`${source}: patchSize must divide ${IMAGE_SIDE}, got ${c.patchSize}`);
  }
}

/** Pixels `[B, 784]` -> image embeddings `[B, k, d]` (weights `multi_modal_projector.linear_{1,2}.*`). */
export class PixelProjector extends CompositeLayer {
  static className = "LlmnistPixelProjector";
  readonly projectorConfig: ProjectorConfig;
  readonly outputSize: number;
  readonly linear1: Linear;
  readonly linear2: Linear;

  constructor(config: ProjectorConfig, outputSize: number, options: { seed?: number; name?: string } = {}) {
    super({ name: options.name ?? "multi_modal_projector" });
    validateProjectorConfig(config);
    this.projectorConfig = config;
    this.outputSize = outputSize;
    const perToken = config.kind === "flat" ? config.imageTokens * outputSize : outputSize;
    this.linear1 = new Linear({ units: config.hiddenSize, useBias: true, seed: initSeed(options.seed, 0), name: this.childName("linear_1") });
    this.linear2 = new Linear({ units: perToken, useBias: true, seed: initSeed(options.seed, 1), name: this.childName("linear_2") });
  }

  get imageTokens(): number {
    return projectorTokens(this.projectorConfig);
  }

  protected children(): tfl.layers.Layer[] {
    return [this.linear1, this.linear2];
  }

  override build(): void {
    const c = this.projectorConfig;
    buildChild(this.linear1, [null, c.kind === "flat" ? IMAGE_PIXELS : c.patchSize * c.patchSize]);
    buildChild(this.linear2, [null, c.hiddenSize]);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [(inputShape as tfl.Shape)[0] ?? null, this.imageTokens, this.outputSize];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const pixels = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (pixels.rank !== 2 || pixels.shape[1] !== IMAGE_PIXELS) {
        throw new Error(`${this.name}: expected pixels [B, ${IMAGE_PIXELS}], got [${pixels.shape.join(", ")}]`);
      }
      const batch = pixels.shape[0]!;
      const k = this.imageTokens;
      const rows = this.projectorConfig.kind === "flat" ? pixels : toPatches(pixels, this.projectorConfig.patchSize); // [B or B*k, in]
      const out = this.linear2.call(gelu(this.linear1.call(rows) as tf.Tensor)) as tf.Tensor; // [B, k*d] or [B*k, d]
      return tf.reshape(out, [batch, k, this.outputSize]); // [B, k, d]
    });
  }

  /** Free the weights (public: the projector is used directly, never through `apply`). */
  override disposeWeights(): number {
    return super.disposeWeights();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.projectorConfig, outputSize: this.outputSize };
  }
}
tf.serialization.registerClass(PixelProjector);

/** `[B, 784]` -> `[B*k, p*p]`: p x p patches in row-major patch order, pixels row-major inside. */
function toPatches(pixels: tf.Tensor, p: number): tf.Tensor {
  const batch = pixels.shape[0]!;
  const g = IMAGE_SIDE / p;
  const grid = tf.reshape(pixels, [batch, g, p, g, p]); // [B, gy, py, gx, px]
  const patches = tf.transpose(grid, [0, 1, 3, 2, 4]); // [B, gy, gx, py, px]
  return tf.reshape(patches, [batch * g * g, p * p]); // [B*k, p*p]
}
