import * as tf from "@tensorflow/tfjs-core";
import { fusedKernelsActive, fusedRmsNorm } from "@llmnist/kernels";
import * as tfl from "@tensorflow/tfjs-layers";
import { featureSize, singleShape } from "./shapes.js";

export interface RMSNormConfig {
  /** Added to the mean square before the square root (1e-6 in the paper and in Qwen2). */
  eps?: number;
  name?: string;
  trainable?: boolean;
}

/** Root-mean-square normalisation over the last axis: `w * x * rsqrt(mean(x^2) + eps)`, w = 1 at init. */
export class RMSNorm extends tfl.layers.Layer {
  static className = "LlmnistRMSNorm";
  readonly eps: number;
  weight: tfl.LayerVariable | null = null;

  constructor(config: RMSNormConfig = {}) {
    super(config);
    this.eps = config.eps ?? 1e-6;
    if (!(this.eps >= 0)) throw new Error(`RMSNorm: eps must be >= 0, got ${this.eps}`);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const features = featureSize(singleShape(inputShape, this.name), this.name);
    this.weight = this.addWeight(`${this.name}.weight`, [features], "float32", tfl.initializers.ones());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return singleShape(inputShape, this.name);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return rmsNorm(x, this.weight!.read(), this.eps);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), eps: this.eps };
  }
}
tf.serialization.registerClass(RMSNorm);

/** The RMSNorm function itself, for use outside a layer. */
export function rmsNorm(x: tf.Tensor, weight: tf.Tensor, eps: number): tf.Tensor {
  // One fused kernel each way where the backend has it (wasm); the same function otherwise.
  if (fusedKernelsActive()) return fusedRmsNorm(x, weight, eps);
  return tf.tidy(() => {
    const meanSquare = tf.mean(tf.square(x), -1, true); // [..., 1]
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, eps))), weight);
  });
}
