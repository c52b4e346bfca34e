import * as tf from "@tensorflow/tfjs-core";

/**
 * Row gather and scatter-add with their own gradients, for sending tokens to experts.
 *
 * tf.gather's gradient is UnsortedSegmentSum, which tfjs-backend-wasm does not have, and
 * tf.scatterND has no gradient at all; these two are each other's gradient, built only on
 * GatherV2 and ScatterNd, which the cpu and wasm backends both have. Row indices are plain
 * JavaScript arrays (the routing is decided in JavaScript), so nothing but the inputs has to
 * outlive the forward pass for the backward one.
 */

type Unary = (x: tf.Tensor, save: tf.GradSaveFunc) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor) => tf.Tensor };

function unaryOp(forward: Unary): (x: tf.Tensor) => tf.Tensor {
  const op = tf.customGrad(forward as unknown as Parameters<typeof tf.customGrad>[0]);
  return (x) => op(x);
}

/** `x[rows]` for `x` of shape `[N, D]`: `[rows.length, D]`. The gradient scatters back (summing repeats). */
export function gatherRows(x: tf.Tensor, rows: Int32Array): tf.Tensor {
  const [n, d] = x.shape as [number, number];
  const op = unaryOp((input) => ({
    value: tf.gather(input, tf.tensor1d(rows, "int32")), // [rows, D]
    gradFunc: (dy) => tf.scatterND(tf.tensor2d(rows, [rows.length, 1], "int32"), dy, [n, d]), // [N, D]
  }));
  return op(x);
}

/**
 * `out[rows[j]] += y[j]` into `[size, D]` zeros, for `y` of shape `[rows.length, D]`: repeated
 * rows add up (ScatterNd sums duplicates). The gradient gathers the rows.
 */
export function scatterAddRows(y: tf.Tensor, rows: Int32Array, size: number): tf.Tensor {
  const d = y.shape[1]!;
  const op = unaryOp((input) => ({
    value: tf.scatterND(tf.tensor2d(rows, [rows.length, 1], "int32"), input, [size, d]), // [size, D]
    gradFunc: (dy) => tf.gather(dy, tf.tensor1d(rows, "int32")), // [rows, D]
  }));
  return op(y);
}

/**
 * `x` unchanged, but also connected to `others` with an exactly-zero gradient: a parameter
 * that did no work in this pass (an expert no token chose) still gets a gradient, as it would
 * with dense dispatch, so optimisers and gradient averaging see every parameter every step.
 */
export function withZeroGradient(x: tf.Tensor, others: tf.Tensor[]): tf.Tensor {
  if (others.length === 0) return x;
  const op = tf.customGrad(((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const inputs = args.slice(0, -1) as tf.Tensor[];
    const shapes = inputs.slice(1).map((t) => t.shape);
    return {
      value: tf.clone(inputs[0]!),
      gradFunc: (dy: tf.Tensor) => [dy, ...shapes.map((shape) => tf.zeros(shape))],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, ...others);
}
