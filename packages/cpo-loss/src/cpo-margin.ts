import * as tf from "@tensorflow/tfjs-core";
import { perSampleLoss } from "./per-sample.js";
import { preferenceOf } from "./preference.js";
import { checkBeta, checkFiniteOption, checkLogitsAndLabels, checkReduction, type Reduction } from "./validate.js";

export interface CpoMarginOptions {
  /** Preference strength; finite and > 0. Default 1. */
  beta?: number;
  /** Required lead of the label over the hardest wrong class, in logit units; finite and >= 0. Default 1. */
  margin?: number;
  /** "mean" (default) gives a scalar, "none" the per-sample losses [B]. */
  reduction?: Reduction;
}

/**
 * CPO with a margin: the label must beat the hardest wrong class y_l (no gradient) by `margin`
 * logits (a probability ratio p_y / p_{y_l} of e^margin) before the loss eases off,
 *   loss_i = softplus(-beta * (z_y - z_{y_l} - margin)).
 * Gradient: -/+ beta * sigmoid(-beta * (z_y - z_{y_l} - margin)) on z_y / z_{y_l}, exactly 0
 * elsewhere (divided by B for "mean"). margin 0 is cpoLoss. cpoLoss gives a sample that is
 * right by a hair (z_y - z_{y_l} just above 0) half its largest gradient, beta / 2; with a margin
 * it gets beta * sigmoid(beta * margin) (0.73 * beta for margin 1), almost as much as a wrong
 * one, like the additive margin of large-margin softmax losses (AM-Softmax, CosFace).
 */
export function cpoMarginLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, options: CpoMarginOptions = {}): tf.Tensor {
  const beta = checkBeta("cpoMarginLoss", options.beta ?? 1);
  const margin = checkFiniteOption("cpoMarginLoss", "margin", options.margin ?? 1, ">= 0");
  const reduction = checkReduction("cpoMarginLoss", options.reduction ?? "mean");
  checkLogitsAndLabels("cpoMarginLoss", logits, labels, 2);

  return perSampleLoss(logits, reduction, (x) => {
    const preference = preferenceOf(x, labels);
    const scaledMargin = tf.mul(tf.sub(preference.margin, margin), -beta); // [B]
    const dMargin = tf.reshape(tf.mul(tf.sigmoid(scaledMargin), -beta), [-1, 1]); // [B, 1]
    return { loss: tf.softplus(scaledMargin), grad: tf.mul(preference.direction, dMargin) };
  });
}
