import * as tf from "@tensorflow/tfjs-core";
import type { VisionTransformer } from "@llmnist/vit";

/** The ViT's softmax over 0..9 for one MNIST-form digit (784 values in [0, 1]). */
export function vitProbabilities(model: VisionTransformer, pixels: Float32Array): number[] {
  if (pixels.length !== 784) throw new Error(`vitProbabilities: expected 784 pixels (28 x 28), got ${pixels.length}`);
  return tf.tidy(() => {
    const x = tf.tensor4d(pixels, [1, 28, 28, 1]); // [B, 28, 28, 1]
    return Array.from(model.predictProba(x).dataSync()); // [1, 10] -> 10
  });
}
