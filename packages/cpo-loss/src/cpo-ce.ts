import * as tf from "@tensorflow/tfjs-core";
import { perSampleLoss } from "./per-sample.js";
import { preferenceOf } from "./preference.js";
import { checkBeta, checkFiniteOption, checkLogitsAndLabels, checkReduction, type Reduction } from "./validate.js";

export interface CpoCeOptions {
  /** Preference strength of the CPO term; finite and > 0. Default 1. */
  beta?: number;
  /** Weight of the CPO term; finite and >= 0 (0: plain cross-entropy). Default 1. */
  lambda?: number;
  /** "mean" (default) gives a scalar, "none" the per-sample losses [B]. */
  reduction?: Reduction;
}

/**
 * Cross-entropy plus CPO:
 *   loss_i = -log softmax(z)[y] + lambda * softplus(-beta * (z_y - z_{y_l}))
 * with y_l the best-scoring wrong class (no gradient), as in cpoLoss. Gradient:
 *   softmax(z) - onehot(y) + lambda * beta * sigmoid(-beta * (z_y - z_{y_l})) * (onehot(y_l) - onehot(y))
 * (divided by B for "mean"). Cross-entropy pushes every wrong class k down by p_k; the CPO
 * term adds a push on the most confused pair alone, p_{y_l} / (p_y + p_{y_l}) for beta 1, which
 * is larger than p_{y_l} whenever other wrong classes hold probability too.
 */
export function cpoCeLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, options: CpoCeOptions = {}): tf.Tensor {
  const beta = checkBeta("cpoCeLoss", options.beta ?? 1);
  const lambda = checkFiniteOption("cpoCeLoss", "lambda", options.lambda ?? 1, ">= 0");
  const reduction = checkReduction("cpoCeLoss", options.reduction ?? "mean");
  const { classes } = checkLogitsAndLabels("cpoCeLoss", logits, labels, 2);

  return perSampleLoss(logits, reduction, (x) => {
    const logp = tf.logSoftmax(x); // [B, C]
    const isLabel = tf.cast(tf.oneHot(labels, classes), "bool"); // [B, C]
    // Select the label's log-probability rather than multiply, so -inf elsewhere cannot give NaN.
    const nll = tf.neg(tf.sum(tf.where(isLabel, logp, tf.zerosLike(logp)), -1)); // [B]
    const ceGrad = tf.sub(tf.exp(logp), tf.cast(isLabel, "float32")); // [B, C]
    // lambda 0 is plain cross-entropy, without a 0 * inf = NaN from the CPO term.
    if (lambda === 0) return { loss: nll, grad: ceGrad };
    const { margin, direction } = preferenceOf(x, labels);
    const scaledMargin = tf.mul(margin, -beta); // [B]
    const loss = tf.add(nll, tf.mul(tf.softplus(scaledMargin), lambda)); // [B]
    // d cpo_i / d z_i = -beta * sigmoid(-beta * margin_i) * direction_i
    const cpoScale = tf.reshape(tf.mul(tf.sigmoid(scaledMargin), -beta * lambda), [-1, 1]); // [B, 1]
    return { loss, grad: tf.add(ceGrad, tf.mul(direction, cpoScale)) };
  });
}
