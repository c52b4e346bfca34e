import * as tf from "@tensorflow/tfjs-core";
import { logSoftmaxWithZeros } from "./log-softmax.js";
import { withStudentGradient } from "./student-gradient.js";
import { readKlInputs, type KlDirection, type KlDivergenceOptions } from "./kl-inputs.js";

export type { KlDirection, KlDivergenceOptions };

/**
 * Knowledge-distillation KL divergence between teacher and student logits `[..., V]`:
 *   p = softmax(teacher / T), q = softmax(student / T), per position
 *   forward: sum_v p (log p - log q)     reverse: sum_v q (log q - log p),
 * averaged over the K positions whose mask is 1 (all positions without a mask), times T^2.
 * A term whose weight (p for forward, q for reverse) is exactly 0 counts 0, so -inf logits work.
 * Only the selected positions are computed. Gradients flow into the student only:
 *   forward: (T / K) (q - p)       reverse: (T / K) q (log q - log p - KL_position)
 * at the selected positions, 0 elsewhere.
 */
export function klDivergence(teacherLogits: tf.Tensor, studentLogits: tf.Tensor, options: KlDivergenceOptions = {}): tf.Scalar {
  const { teacher, student, direction, temperature, zeroLogits, positions, vocab, selection } = readKlInputs(
    teacherLogits,
    studentLogits,
    options,
  );
  const count = selection === null ? positions : selection.rows.length;

  return withStudentGradient(student, (studentInput) =>
    tf.tidy(() => {
      let teacherRows = tf.reshape(teacher, [positions, vocab]) as tf.Tensor2D; // [P, V]
      let studentRows = tf.reshape(studentInput, [positions, vocab]) as tf.Tensor2D; // [P, V]
      if (selection !== null) {
        const rows = tf.tensor1d(selection.rows, "int32");
        teacherRows = tf.gather(teacherRows, rows); // [K, V]
        studentRows = tf.gather(studentRows, rows); // [K, V]
      }
      const { perPosition, perLogit } = klTerms(teacherRows, studentRows, direction, temperature, zeroLogits);
      const value = tf.mul(tf.sum(perPosition), (temperature * temperature) / count) as tf.Scalar;
      // d/d(student) = (1/T) d/d(student/T), times T^2 / K.
      let gradient = tf.mul(perLogit, temperature / count); // [K, V]
      if (selection !== null) {
        // Row K is all zeros: the gradient of every unselected position.
        const padded = tf.concat([gradient, tf.zeros([1, vocab])], 0); // [K + 1, V]
        gradient = tf.gather(padded, tf.tensor1d(selection.rowOf, "int32")); // [P, V]
      }
      return { value, gradient: tf.reshape(gradient, student.shape) }; // [..., V]
    }),
  );
}

/**
 * Per-position divergence `[K, 1]` and its gradient w.r.t. the scaled student logits s / T
 * (`[K, V]`) for `[K, V]` teacher and student rows.
 */
function klTerms(
  teacherRows: tf.Tensor2D,
  studentRows: tf.Tensor2D,
  direction: KlDirection,
  temperature: number,
  zeroLogits: number,
): { perPosition: tf.Tensor; perLogit: tf.Tensor } {
  const logP = logSoftmaxWithZeros(tf.div(teacherRows, temperature) as tf.Tensor2D, zeroLogits);
  const logQ = logSoftmaxWithZeros(tf.div(studentRows, temperature) as tf.Tensor2D, zeroLogits);
  // Forward and reverse differ only in which distribution weighs the log-ratio.
  const [logWeighting, logOther] = direction === "forward" ? [logP, logQ] : [logQ, logP];
  const weighting = tf.exp(logWeighting.computed); // [K, V]
  const logRatio = tf.sub(logWeighting.computed, logOther.computed); // [K, V]
  const present = tf.greater(weighting, 0); // [K, V]: 0 * log(0 / x) counts 0, not NaN
  let perPosition = tf.sum(tf.where(present, tf.mul(weighting, logRatio), tf.zerosLike(logRatio)), -1, true); // [K, 1]
  if (logWeighting.zero !== null && logOther.zero !== null) {
    const zeroTerm = tf.mul(tf.exp(logWeighting.zero), tf.sub(logWeighting.zero, logOther.zero)); // [K, 1], each zero logit
    perPosition = tf.add(perPosition, tf.mul(zeroTerm, zeroLogits));
  }
  const perLogit =
    direction === "forward"
      ? tf.sub(tf.exp(logQ.computed), weighting) // q - p
      : tf.where(present, tf.mul(weighting, tf.sub(logRatio, perPosition)), tf.zerosLike(logRatio)); // q (log q - log p - KL)
  return { perPosition, perLogit };
}
