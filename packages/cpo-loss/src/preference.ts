import * as tf from "@tensorflow/tfjs-core";
import { rejectedIndices } from "./rejected.js";

/** The label against the hardest wrong class, as CPO uses them. */
export interface Preference {
  /** logits[y] - logits[y_l], [B] */
  margin: tf.Tensor;
  /** +1 at y, -1 at y_l, 0 elsewhere, [B, C]: d margin_i / d logits_i */
  direction: tf.Tensor;
}

/**
 * y_l is the best-scoring wrong class (lowest index among ties, no gradient), as in cpoLoss.
 * The logits are selected rather than multiplied by one-hots, so a -inf logit of another class
 * cannot make 0 * inf = NaN.
 */
export function preferenceOf(x: tf.Tensor2D, labels: tf.Tensor1D): Preference {
  const classes = x.shape[1];
  const isChosen = tf.cast(tf.oneHot(labels, classes), "bool"); // [B, C]
  const isRejected = tf.cast(tf.oneHot(rejectedIndices(x, labels), classes), "bool"); // [B, C]
  const zeros = tf.zerosLike(x);
  const margin = tf.sub(tf.sum(tf.where(isChosen, x, zeros), -1), tf.sum(tf.where(isRejected, x, zeros), -1)); // [B]
  const direction = tf.sub(tf.cast(isChosen, "float32"), tf.cast(isRejected, "float32")); // [B, C]
  return { margin, direction };
}
