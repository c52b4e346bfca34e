import * as tf from "@tensorflow/tfjs-core";

/** What a forward pass hands back: the value, and the gradient of that value w.r.t. `x`. */
export interface Forward {
  value: tf.Tensor;
  /** Tensors the backward pass needs (kept alive only while a gradient is being recorded). */
  saved: tf.Tensor[];
  /** dL/dx given dL/dvalue and the saved tensors. */
  backward: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor;
}

/**
 * Runs `forward(x)` as a single recorded op whose gradient is `backward`. The ops inside are not
 * recorded on the tape, so they need no registered gradients (bare tfjs-core registers none)
 * and nothing inside can leak a gradient, e.g. through the choice of the rejected class.
 */
export function withGradient(x: tf.Tensor, forward: (x: tf.Tensor) => Forward): tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const { value, saved, backward } = forward(input);
    save(saved);
    return { value, gradFunc: (dy: tf.Tensor, kept: tf.Tensor[]) => backward(dy, kept) };
  });
  return op(x);
}

/** Identity-free "stop gradient": the result of `f(x)` with a zero gradient w.r.t. `x`. */
export function withoutGradient<T extends tf.Tensor>(x: tf.Tensor, f: (x: tf.Tensor) => T): T {
  return withGradient(x, (input) => ({
    value: f(input),
    saved: [],
    backward: () => tf.zerosLike(input),
  })) as T;
}
