import * as tf from "@tensorflow/tfjs-core";

/** A loss and its gradient w.r.t. the student, computed together in one forward pass. */
export interface StudentForward {
  value: tf.Scalar;
  /** d value / d student, the student's shape. */
  gradient: tf.Tensor;
}

/**
 * Runs `forward(student)` as a single recorded op whose only input is the student. The teacher
 * tensors the closure reads are not inputs of the op, so, as with PyTorch's `detach()`, no
 * gradient reaches them (nor whatever produced them: a teacher model's variables get none). The
 * ops inside are not recorded on the tape, so they need no registered gradients (bare tfjs-core
 * registers none).
 */
export function withStudentGradient(student: tf.Tensor, forward: (student: tf.Tensor) => StudentForward): tf.Scalar {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const { value, gradient } = forward(input);
    save([gradient]); // kept only while a gradient is being recorded
    return { value, gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, saved as tf.Tensor) };
  });
  return op(student) as tf.Scalar;
}
