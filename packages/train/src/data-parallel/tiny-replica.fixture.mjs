// Plain JS on purpose: replica threads import it directly (Node cannot load TypeScript).
// A two-layer perceptron for the data-parallel tests, and its loss.
import * as tf from "@tensorflow/tfjs-core";

function uniform(seed, n, scale) {
  let s = seed >>> 0;
  return new Float32Array(n).map(() => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return scale * (s / 2 ** 32 - 0.5);
  });
}

/**
 * hidden units; poisonBatch: forward throws on a batch of exactly that size, exitBatch: the
 * thread exits (process.exit in a worker ends only that thread) on one (to test failures).
 */
export function createTinyClassifier(seed = 1, hidden = 12, poisonBatch = -1, exitBatch = -1) {
  const w1 = tf.variable(tf.tensor2d(uniform(seed, 784 * hidden, 0.1), [784, hidden]));
  const b1 = tf.variable(tf.zeros([hidden]));
  const w2 = tf.variable(tf.tensor2d(uniform(seed + 1, hidden * 10, 0.5), [hidden, 10]));
  const b2 = tf.variable(tf.zeros([10]));
  return {
    forward(images) {
      if (images.shape[0] === poisonBatch) throw new Error(`poisoned batch of ${poisonBatch}`);
      if (images.shape[0] === exitBatch) process.exit(7);
      const x = tf.reshape(images, [images.shape[0], 784]); // [B, 784]
      return tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
    },
    namedParameters() {
      return [["fc1.weight", w1], ["fc1.bias", b1], ["fc2.weight", w2], ["fc2.bias", b2]];
    },
    dispose() {
      tf.dispose([w1, b1, w2, b2]);
    },
  };
}

/** Mean softmax cross-entropy. */
export function meanCrossEntropy() {
  return (logits, labels) => tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels, 10), tf.logSoftmax(logits)), 1))));
}
