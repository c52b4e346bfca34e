import * as tf from "@tensorflow/tfjs-core";
import { withStudentGradient } from "./student-gradient.js";
import { checkFloatTensor, shapeOf } from "./validate.js";

/** The zero-norm guard of PyTorch's F.cosine_similarity: each norm is clamped to at least this. */
export const RELATION_COSINE_EPS = 1e-8;

const FN = "relationDistillation";

/**
 * LLaVA-KD's relation distillation (RDist). For student `[B, N, D_s]` and teacher `[B, N, D_t]`
 * outputs (widths may differ), per sample R = Y Y^T (`[N, N]`) and
 *   loss = mean over the batch of 1 - cos(vec(R_s), vec(R_t)),
 *   cos(a, b) = a.b / (max(|a|, eps) max(|b|, eps)),  eps = 1e-8 (as F.cosine_similarity).
 * Gradient into the student only: with G = dloss/dR_s = -(1/B) (R_t / (|R_s| |R_t|) - cos R_s / |R_s|^2)
 * (the second term dropped while |R_s| is clamped to eps), dloss/dY_s = (G + G^T) Y_s.
 */
export function relationDistillation(studentVisual: tf.Tensor, teacherVisual: tf.Tensor): tf.Scalar {
  const student = checkFloatTensor(FN, "studentVisual", studentVisual, 3, "[B, N, D_s]");
  const teacher = checkFloatTensor(FN, "teacherVisual", teacherVisual, 3, "[B, N, D_t]");
  const [batch = 1, tokens = 1] = student.shape;
  if (teacher.shape[0] !== batch || teacher.shape[1] !== tokens) {
    throw new Error(
      `${FN}: teacherVisual must be [B, N, D_t] with B = ${batch} and N = ${tokens} like studentVisual ${shapeOf(student)}, got ${shapeOf(teacher)}`,
    );
  }

  return withStudentGradient(student, (studentInput) =>
    tf.tidy(() => {
      const rS = tf.matMul(studentInput, studentInput, false, true); // [B, N, N]
      const rT = tf.matMul(teacher, teacher, false, true); // [B, N, N]
      const normS = tf.sqrt(tf.sum(tf.square(rS), [1, 2], true)); // [B, 1, 1]
      const normT = tf.sqrt(tf.sum(tf.square(rT), [1, 2], true)); // [B, 1, 1]
      const clampedS = tf.maximum(normS, RELATION_COSINE_EPS); // [B, 1, 1]
      const denominator = tf.mul(clampedS, tf.maximum(normT, RELATION_COSINE_EPS)); // [B, 1, 1]
      const cos = tf.div(tf.sum(tf.mul(rS, rT), [1, 2], true), denominator); // [B, 1, 1]
      const value = tf.mean(tf.sub(1, cos)) as tf.Scalar;

      // While |R_s| is clamped to eps it is a constant, so only the first term remains.
      const normTerm = tf.where(tf.greater(normS, RELATION_COSINE_EPS), tf.div(cos, tf.square(clampedS)), tf.zerosLike(cos)); // [B, 1, 1]
      const dCos = tf.sub(tf.div(rT, denominator), tf.mul(rS, normTerm)); // [B, N, N]
      const dR = tf.mul(dCos, -1 / batch); // [B, N, N]
      const gradient = tf.matMul(tf.add(dR, tf.transpose(dR, [0, 2, 1])), studentInput); // [B, N, D_s]
      return { value, gradient };
    }),
  );
}
