import * as tf from "@tensorflow/tfjs-core";
import { withGradient } from "./custom-gradient.js";
import type { Reduction } from "./validate.js";

/** A loss per sample and its analytic gradient, for one batch of logits. */
export interface PerSample {
  /** loss_i, [B] */
  loss: tf.Tensor;
  /** d loss_i / d logits_i, [B, C] */
  grad: tf.Tensor;
}

/**
 * Runs `perSample` as one recorded op: the value is mean(loss) ("mean") or loss ("none"), and
 * the gradient w.r.t. the logits is `grad` scaled by the upstream gradient (and 1/B for "mean").
 * Like cpoLoss and crossEntropy, it needs no registered kernel gradients.
 */
export function perSampleLoss(logits: tf.Tensor2D, reduction: Reduction, perSample: (x: tf.Tensor2D) => PerSample): tf.Tensor {
  const batch = logits.shape[0];
  return withGradient(logits, (x) => {
    const { loss, grad } = perSample(x as tf.Tensor2D);
    return {
      value: reduction === "mean" ? tf.mean(loss) : loss,
      saved: [grad],
      backward: (dy, [g]) =>
        tf.tidy(() => {
          const scale = reduction === "mean" ? tf.div(dy, batch) : tf.reshape(dy, [batch, 1]); // scalar or [B, 1]
          return tf.mul(g as tf.Tensor, scale); // [B, C]
        }),
    };
  });
}
