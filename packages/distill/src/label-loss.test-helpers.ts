// A label loss module for the replica test (imported by URL, as a worker thread would).
import * as tf from "@tensorflow/tfjs-core";

export function makeCrossEntropy() {
  return (logits: tf.Tensor2D, labels: tf.Tensor1D) =>
    tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(labels, logits.shape[1])), 1))) as tf.Scalar);
}
