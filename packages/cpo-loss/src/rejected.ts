import * as tf from "@tensorflow/tfjs-core";
import { withoutGradient } from "./custom-gradient.js";
import { checkLogitsAndLabels } from "./validate.js";

/**
 * y_l = argmax over c != y of logits[c], ties broken towards the lowest index (explicitly, so
 * the result does not depend on how a backend's argMax breaks ties). log_softmax is a per-row
 * shift of the logits, so the argmax of logp equals the argmax of the logits. A NaN logit
 * counts as the largest, like torch.argmax, so it shows up in the loss instead of hiding.
 */
export function rejectedIndices(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const [batch = 0, classes = 0] = logits.shape;
    const isLabel = tf.cast(tf.oneHot(labels, classes), "bool"); // [B, C]
    const noNaN = tf.where(tf.isNaN(logits), tf.fill([batch, classes], Infinity), logits);
    const masked = tf.where(isLabel, tf.fill([batch, classes], -Infinity), noNaN); // [B, C]
    const rowMax = tf.max(masked, -1, true); // [B, 1]
    const isCandidate = tf.logicalAnd(tf.equal(masked, rowMax), tf.logicalNot(isLabel)); // [B, C]
    const index = tf.broadcastTo(tf.reshape(tf.range(0, classes, 1, "int32"), [1, classes]), [batch, classes]); // [B, C]
    const notCandidate = tf.fill([batch, classes], classes, "int32");
    return tf.min(tf.where(isCandidate, index, notCandidate), -1) as tf.Tensor1D; // [B]
  });
}

/**
 * The rejected class per sample: the highest-scoring class other than the label (lowest index
 * among ties), as int32 [B]. Carries no gradient.
 */
export function rejectedClass(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  checkLogitsAndLabels("rejectedClass", logits, labels, 2);
  return withoutGradient(logits, (x) => rejectedIndices(x as tf.Tensor2D, labels));
}
