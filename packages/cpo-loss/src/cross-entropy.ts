import * as tf from "@tensorflow/tfjs-core";
import { withGradient } from "./custom-gradient.js";
import { checkLogitsAndLabels, checkReduction, type Reduction } from "./validate.js";

export interface CrossEntropyOptions {
  /** "mean" (default) gives a scalar, "none" the per-sample losses [B]. */
  reduction?: Reduction;
  /** PyTorch's label_smoothing: the target is (1 - s) * onehot(y) + s / C. In [0, 1]; default 0. */
  labelSmoothing?: number;
}

/**
 * Cross-entropy with PyTorch F.cross_entropy semantics (class-index targets, no weights):
 *   loss_i = (1 - s) * -logp[y_i] + s * mean_c(-logp[c]),  logp = log_softmax(logits) (stable).
 * Gradient w.r.t. the logits: (softmax - target) / B for "mean".
 */
export function crossEntropy(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  options: CrossEntropyOptions = {},
): tf.Tensor {
  const reduction = checkReduction("crossEntropy", options.reduction ?? "mean");
  const smoothing = options.labelSmoothing ?? 0;
  if (typeof smoothing !== "number" || !(smoothing >= 0 && smoothing <= 1)) {
    throw new Error(`crossEntropy: labelSmoothing must be a number in [0, 1], got ${String(smoothing)}`);
  }
  const { batch, classes } = checkLogitsAndLabels("crossEntropy", logits, labels, 1);

  return withGradient(logits, (x) => {
    const logp = tf.logSoftmax(x); // [B, C]
    const isLabel = tf.cast(tf.oneHot(labels, classes), "bool"); // [B, C]
    // Select the label's log-probability rather than multiply, so -inf elsewhere cannot give NaN.
    const nll = tf.neg(tf.sum(tf.where(isLabel, logp, tf.zerosLike(logp)), -1)); // [B]
    const perSample =
      smoothing === 0 ? nll : tf.add(tf.mul(nll, 1 - smoothing), tf.mul(tf.neg(tf.mean(logp, -1)), smoothing)); // [B]
    const target = tf.add(tf.mul(tf.cast(isLabel, "float32"), 1 - smoothing), smoothing / classes); // [B, C]
    return {
      value: reduction === "mean" ? tf.mean(perSample) : perSample,
      saved: [tf.sub(tf.exp(logp), target)],
      backward: (dy, [softmaxMinusTarget]) =>
        tf.tidy(() => {
          const scale = reduction === "mean" ? tf.div(dy, batch) : tf.reshape(dy, [batch, 1]); // scalar or [B, 1]
          return tf.mul(softmaxMinusTarget as tf.Tensor, scale); // [B, C]
        }),
    };
  });
}
