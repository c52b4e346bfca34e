import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { torchDefaultUniform } from "@llmnist/nn-layers";

export interface PatchEmbeddingConfig {
  patchSize: number;
  hiddenSize: number;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * A stride-p, kernel-p convolution without bias, written as "cut into patches, then one
 * matMul": identical to the convolution and a fast path on every backend.
 * Kernel `[p*p*C, dim]`, rows ordered (ky, kx, c); PyTorch's Conv2d weight is `[dim, C, p, p]`.
 * Output tokens are the patches in row-major order.
 */
export class PatchEmbedding extends tfl.layers.Layer {
  static className = "LlmnistPatchEmbedding";
  readonly patchSize: number;
  readonly hiddenSize: number;
  readonly seed: number | undefined;
  kernel: tfl.LayerVariable | null = null;

  constructor(config: PatchEmbeddingConfig) {
    super(config);
    this.patchSize = config.patchSize;
    this.hiddenSize = config.hiddenSize;
    this.seed = config.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape; // [B, H, W, C]
    const channels = shape[3] ?? 1;
    const fanIn = this.patchSize * this.patchSize * channels;
    this.kernel = this.addWeight(`${this.name}.weight`, [fanIn, this.hiddenSize], "float32", torchDefaultUniform(fanIn, this.seed));
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [batch, height, width] = inputShape as tfl.Shape;
    return [batch ?? null, ((height ?? 0) / this.patchSize) * ((width ?? 0) / this.patchSize), this.hiddenSize];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs; // [B, H, W, C]
      const [batch, height, width, channels] = x.shape as [number, number, number, number];
      const p = this.patchSize;
      const gridH = height / p;
      const gridW = width / p;
      const blocks = tf.reshape(x, [batch, gridH, p, gridW, p, channels]); // [B, gh, p, gw, p, C]
      const patches = tf.transpose(blocks, [0, 1, 3, 2, 4, 5]); // [B, gh, gw, p, p, C]
      const rows = tf.reshape(patches, [batch * gridH * gridW, p * p * channels]); // [B*n, p*p*C]
      const tokens = tf.matMul(rows, this.kernel!.read()); // [B*n, dim]
      return tf.reshape(tokens, [batch, gridH * gridW, this.hiddenSize]); // [B, n, dim]
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), patchSize: this.patchSize, hiddenSize: this.hiddenSize, seed: this.seed ?? null };
  }
}
tf.serialization.registerClass(PatchEmbedding);
