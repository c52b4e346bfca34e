// The tfjs side of the loss tests: labels as tensors, autodiff gradients to compare with the
// float64 references of test-helpers.ts (numericGradient), and the leak check.
import * as tf from "@tensorflow/tfjs-core";

/** A loss as the tests call it: logits [B, C], int32 labels [B], its options. */
export type LossFn<O> = (logits: tf.Tensor2D, labels: tf.Tensor1D, options?: O) => tf.Tensor;

/** int32 class labels [B]. */
export const int = (v: number[]): tf.Tensor1D => tf.tensor1d(v, "int32");

/** d loss / d logits by tfjs's autodiff, as nested arrays. */
export function lossGradient<O>(loss: LossFn<O>, logits: number[][], labels: number[], options?: O): number[][] {
  const y = int(labels);
  return tf.grad((x: tf.Tensor) => loss(x as tf.Tensor2D, y, options))(tf.tensor2d(logits)).arraySync() as number[][];
}

/** How many tensors a forward and a backward pass of `loss` (default options) inside tf.tidy leave behind. */
export function leakedTensors<O>(loss: LossFn<O>, logits: number[][], labels: number[]): number {
  const x = tf.tensor2d(logits);
  const y = int(labels);
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    loss(x, y);
    tf.grad((t: tf.Tensor) => loss(t as tf.Tensor2D, y))(x);
  });
  return tf.memory().numTensors - before;
}
