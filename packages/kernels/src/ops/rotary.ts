import * as tf from "@tensorflow/tfjs-core";
import { ROTARY } from "../kernel-names.js";
import { customOp } from "./custom-op.js";
import { runKernel } from "./run.js";

/**
 * RoPE in rotate_half form, `x*cos + rotate_half(x)*sin`, as one kernel. cos, sin: `[n, hd]`
 * (constants: no gradient); x: `[..., n, hd]` head-major, or `[..., n, heads*hd]` token-major
 * (each hd-slice of the last axis rotated). The gradient is the transposed rotation.
 */
export function fusedRotary(x: tf.Tensor, cos: tf.Tensor, sin: tf.Tensor): tf.Tensor {
  const op = customOp<[tf.Tensor]>(([input]) => ({
    value: runKernel(ROTARY, { x: input, cos, sin }, { sign: 1 })[0]!,
    gradFunc: (dy) => runKernel(ROTARY, { x: dy, cos, sin }, { sign: -1 })[0]!,
  }));
  return op(x);
}
