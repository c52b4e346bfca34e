// Shared by the trainer tests: a synthetic separable dataset and a tiny linear model.
import * as tf from "@tensorflow/tfjs-core";
import type { MnistSplit } from "@llmnist/mnist-data";
import { createRng } from "@llmnist/random";
import type { LossFn, TrainableModel } from "./types.js";

/**
 * `count` images; class c = i % 10 lights rows 2c and 2c+1 (value 1) over uniform noise
 * in [0, 0.5): linearly separable.
 */
export function syntheticSplit(name: string, count: number, seed: number): MnistSplit {
  const rng = createRng(seed);
  const images = new Float32Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = (i * 7 + Math.floor(i / 10)) % 10;
    labels[i] = c;
    for (let p = 0; p < 784; p++) images[i * 784 + p] = 0.5 * rng.next();
    for (let col = 0; col < 28; col++) {
      images[i * 784 + 2 * c * 28 + col] = 1;
      images[i * 784 + (2 * c + 1) * 28 + col] = 1;
    }
  }
  return { name, count, images, labels };
}

/** logits = flatten(images) W + b, W ~ N(0, 0.01^2) from `seed`. */
export class LinearModel implements TrainableModel {
  readonly w: tf.Variable;
  readonly b: tf.Variable;

  constructor(seed: number) {
    const rng = createRng(seed);
    const w = new Float32Array(784 * 10).map(() => 0.01 * rng.normal());
    this.w = tf.variable(tf.tensor2d(w, [784, 10]));
    this.b = tf.variable(tf.zeros([10]));
  }

  forward(images: tf.Tensor4D): tf.Tensor2D {
    const x = tf.reshape(images, [images.shape[0], 784]) as tf.Tensor2D; // [B, 784]
    return tf.add(tf.matMul(x, this.w), this.b);
  }

  namedParameters(): Array<[string, tf.Variable]> {
    return [
      ["linear.weight", this.w],
      ["linear.bias", this.b],
    ];
  }

  snapshot(): Record<string, number[]> {
    return Object.fromEntries(this.namedParameters().map(([n, v]) => [n, Array.from(v.dataSync())]));
  }

  dispose(): void {
    this.w.dispose();
    this.b.dispose();
  }
}

/** Mean cross-entropy over the batch. */
export const crossEntropy: LossFn = (logits, labels) => {
  const logp = tf.logSoftmax(logits); // [B, 10]
  const onehot = tf.oneHot(labels, 10); // [B, 10]
  return tf.neg(tf.mean(tf.sum(tf.mul(logp, onehot), 1))) as tf.Scalar;
};
