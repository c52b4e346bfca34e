import * as tf from "@tensorflow/tfjs-core";

/**
 * Mean cross-entropy of `targets` under `logits` `[N, C]`, where the softmax also counts
 * `zeroLogits` extra classes whose logit is exactly 0:
 *   loss_i = log(sum_c e^{l_ic} + zeroLogits) - l_i,target
 * computed stably with m_i = max(max_c l_ic, 0).
 */
export function answerCrossEntropy(logits: tf.Tensor, targets: number[], zeroLogits = 0): tf.Scalar {
  const [rows, classes] = logits.shape as [number, number];
  if (logits.rank !== 2 || rows !== targets.length) {
    throw new Error(`answerCrossEntropy: logits [${logits.shape.join(", ")}] do not match ${targets.length} targets`);
  }
  if (targets.some((t) => !Number.isInteger(t) || t < 0 || t >= classes)) throw new Error(`answerCrossEntropy: targets must lie in [0, ${classes})`);
  return tf.tidy(() => {
    const m = tf.maximum(tf.max(logits, 1, true), 0); // [N, 1]
    let sum = tf.sum(tf.exp(tf.sub(logits, m)), 1, true); // [N, 1]
    if (zeroLogits > 0) sum = tf.add(sum, tf.mul(zeroLogits, tf.exp(tf.neg(m))));
    const logNormaliser = tf.add(m, tf.log(sum)); // [N, 1]
    const picked = tf.sum(tf.mul(logits, tf.oneHot(tf.tensor1d(targets, "int32"), classes)), 1, true); // [N, 1]
    return tf.mean(tf.sub(logNormaliser, picked)) as tf.Scalar;
  });
}
