import * as tf from "@tensorflow/tfjs-core";

/** Log-probabilities over a vocabulary of `V` computed logits plus `zeroLogits` logits that are exactly 0. */
export interface LogProbs {
  /** `[P, V]`: log-probabilities of the computed logits. */
  computed: tf.Tensor2D;
  /** `[P, 1]`: the log-probability of each zero logit (all equal); only with zeroLogits > 0. */
  zero: tf.Tensor2D | null;
}

/**
 * Stable log-softmax of `[P, V]` logits, with `zeroLogits` more vocabulary entries whose logit
 * is exactly 0 (an active-vocabulary head: they count in the normaliser, nothing is computed
 * for them): log p_v = x_v - m - log(sum_v exp(x_v - m) + zeroLogits * exp(-m)), m the row's
 * largest logit (0 included when there are zero logits). No `[P, V]` tensor beyond a few of
 * the input's size is made. Call it inside a tf.tidy (its intermediates are not disposed here).
 */
export function logSoftmaxWithZeros(logits: tf.Tensor2D, zeroLogits: number): LogProbs {
  const rowMax = tf.max(logits, -1, true); // [P, 1]
  const shift = zeroLogits > 0 ? tf.maximum(rowMax, 0) : rowMax; // [P, 1]
  let sumExp = tf.sum(tf.exp(tf.sub(logits, shift)), -1, true); // [P, 1]
  if (zeroLogits > 0) sumExp = tf.add(sumExp, tf.mul(tf.exp(tf.neg(shift)), zeroLogits));
  const logNormaliser = tf.add(shift, tf.log(sumExp)); // [P, 1]
  return {
    computed: tf.sub(logits, logNormaliser) as tf.Tensor2D, // [P, V]
    zero: zeroLogits > 0 ? (tf.neg(logNormaliser) as tf.Tensor2D) : null,
  };
}
