import * as tf from "@tensorflow/tfjs-core";
import { withGradient } from "./custom-gradient.js";
import { rejectedIndices } from "./rejected.js";
import { checkBeta, checkLogitsAndLabels, checkReduction, type Reduction } from "./validate.js";

export interface CpoOptions {
  /** Preference strength; finite and > 0. Default 1. */
  beta?: number;
  /** "mean" (default) gives a scalar, "none" the per-sample losses [B]. */
  reduction?: Reduction;
}

/**
 * Classification preference optimisation (DPO without a reference model):
 *   loss_i = -log sigmoid(beta * (logp[y_i] - logp[y_l,i])) = softplus(-beta * margin_i)
 * where y_l is the best-scoring wrong class. The log-sum-exp cancels in the margin, so it is
 * logits[y] - logits[y_l] (= sum(logits * (onehot(y) - onehot(y_l)))): only those two logits get
 * a gradient, -/+ beta * sigmoid(-beta * margin) (divided by B for "mean"); every other logit's
 * gradient is exactly zero, and y_l itself carries none.
 */
export function cpoLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, options: CpoOptions = {}): tf.Tensor {
  const beta = checkBeta("cpoLoss", options.beta ?? 1);
  const reduction = checkReduction("cpoLoss", options.reduction ?? "mean");
  const { batch, classes } = checkLogitsAndLabels("cpoLoss", logits, labels, 2);

  return withGradient(logits, (x) => {
    const isChosen = tf.cast(tf.oneHot(labels, classes), "bool"); // [B, C]
    const isRejected = tf.cast(tf.oneHot(rejectedIndices(x as tf.Tensor2D, labels), classes), "bool"); // [B, C]
    // Select rather than multiply by the one-hots, so a -inf logit elsewhere cannot make 0 * inf = NaN.
    const zeros = tf.zerosLike(x);
    const margin = tf.sub(tf.sum(tf.where(isChosen, x, zeros), -1), tf.sum(tf.where(isRejected, x, zeros), -1)); // [B]
    const perSample = tf.softplus(tf.mul(margin, -beta)); // [B]; softplus(-z) = -log sigmoid(z), stably
    const preference = tf.sub(tf.cast(isChosen, "float32"), tf.cast(isRejected, "float32")); // [B, C]: +1 at y, -1 at y_l
    return {
      value: reduction === "mean" ? tf.mean(perSample) : perSample,
      saved: [preference, margin],
      backward: (dy, [pref, m]) =>
        tf.tidy(() => {
          // d loss_i / d margin_i = -beta * sigmoid(-beta * margin_i)
          const dMargin = tf.mul(tf.sigmoid(tf.mul(m as tf.Tensor, -beta)), -beta); // [B]
          const scaled = reduction === "mean" ? tf.mul(dMargin, tf.div(dy, batch)) : tf.mul(dMargin, dy); // [B]
          return tf.mul(pref as tf.Tensor, tf.reshape(scaled, [batch, 1])); // [B, C]
        }),
    };
  });
}
