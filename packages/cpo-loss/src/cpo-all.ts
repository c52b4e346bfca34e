import * as tf from "@tensorflow/tfjs-core";
import { perSampleLoss } from "./per-sample.js";
import { checkBeta, checkFiniteOption, checkLogitsAndLabels, checkReduction, type Reduction } from "./validate.js";

export interface CpoAllOptions {
  /** Preference strength; finite and > 0. Default 1. */
  beta?: number;
  /** Temperature of the softmax that weights the wrong classes; finite and > 0. Default 1. */
  weightTemperature?: number;
  /** "mean" (default) gives a scalar, "none" the per-sample losses [B]. */
  reduction?: Reduction;
}

/**
 * CPO over all wrong classes: every wrong class k is a rejected answer, weighted by how
 * strongly the model believes in it,
 *   loss_i = sum_{k != y} w_ik * softplus(-beta * (z_y - z_k)),
 *   w_ik   = softmax over k != y of z_k / weightTemperature,
 * so harder negatives count more. The weights are constants (stop-gradient): they choose how
 * much each pair counts, as argmax chooses y_l in cpoLoss, and carry no gradient. With
 * s_ik = sigmoid(-beta * (z_y - z_k)) the gradient is
 *   d loss_i / d z_k = beta * w_ik * s_ik         (k != y)
 *   d loss_i / d z_y = -beta * sum_{k != y} w_ik * s_ik
 * (divided by B for "mean"). weightTemperature -> 0 approaches cpoLoss (only the hardest wrong
 * class), large values an unweighted mean over the wrong classes. A wrong class whose weight is
 * exactly 0 (e.g. a -inf logit) adds exactly 0 to the loss and gets a zero gradient.
 */
export function cpoAllLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, options: CpoAllOptions = {}): tf.Tensor {
  const beta = checkBeta("cpoAllLoss", options.beta ?? 1);
  const temperature = checkFiniteOption("cpoAllLoss", "weightTemperature", options.weightTemperature ?? 1, "> 0");
  const reduction = checkReduction("cpoAllLoss", options.reduction ?? "mean");
  const { batch, classes } = checkLogitsAndLabels("cpoAllLoss", logits, labels, 2);

  return perSampleLoss(logits, reduction, (x) => {
    const isLabel = tf.cast(tf.oneHot(labels, classes), "bool"); // [B, C]
    const weights = wrongClassWeights(x, isLabel, temperature); // [B, C], 0 at y
    const chosen = tf.sum(tf.where(isLabel, x, tf.zerosLike(x)), -1, true); // [B, 1]: z_y
    const scaledMargin = tf.mul(tf.sub(chosen, x), -beta); // [B, C]: -beta * (z_y - z_k)
    // Select, not multiply: a weight-0 class with an infinite or NaN pair term must add 0.
    // notEqual, not greater: a NaN weight (from a NaN logit) must count, so that it shows.
    const counts = tf.logicalAnd(tf.logicalNot(isLabel), tf.notEqual(weights, 0)); // [B, C]
    const zeros = tf.zerosLike(x);
    const loss = tf.sum(tf.where(counts, tf.mul(weights, tf.softplus(scaledMargin)), zeros), -1); // [B]
    const wrongGrad = tf.where(counts, tf.mul(tf.mul(weights, tf.sigmoid(scaledMargin)), beta), zeros); // [B, C]
    const labelGrad = tf.broadcastTo(tf.neg(tf.sum(wrongGrad, -1, true)), [batch, classes]); // [B, C]
    return { loss, grad: tf.where(isLabel, labelGrad, wrongGrad) };
  });
}

/**
 * softmax over the wrong classes of x / temperature, 0 at the label; computed without gradient
 * (the caller's op defines its own). A row whose wrong classes are all -inf gets all-zero
 * weights (so a loss of 0) instead of 0 / 0.
 */
function wrongClassWeights(x: tf.Tensor2D, isLabel: tf.Tensor, temperature: number): tf.Tensor {
  const scaled = tf.where(isLabel, tf.fill(x.shape, -Infinity), tf.div(x, temperature)); // [B, C]
  const rowMax = tf.max(scaled, -1, true); // [B, 1]
  const shift = tf.where(tf.isFinite(rowMax), rowMax, tf.zerosLike(rowMax)); // [B, 1]
  const exps = tf.exp(tf.sub(scaled, shift)); // [B, C], exactly 0 at the label
  return tf.divNoNan(exps, tf.sum(exps, -1, true)); // [B, C]
}
