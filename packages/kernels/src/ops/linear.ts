import * as tf from "@tensorflow/tfjs-core";
import { LINEAR, LINEAR_GRAD } from "../kernel-names.js";
import { customOp } from "./custom-op.js";
import { runKernel } from "./run.js";

/**
 * `x W + b` for x `[..., in]`, W `[in, out]`, b `[out]`: one kernel forward and one backward
 * (dx, dW and db together), with no reshapes.
 */
export function fusedLinear(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  if (weight.rank !== 2 || x.shape[x.rank - 1] !== weight.shape[0]) {
    throw new Error(`fusedLinear: x [${x.shape}] does not match weight [${weight.shape}] (expected [..., in] and [in, out])`);
  }
  if (bias) {
    const op = customOp<[tf.Tensor, tf.Tensor, tf.Tensor]>(([xi, w, b], save) => {
      save([xi, w]);
      return {
        value: runKernel(LINEAR, { x: xi, weight: w, bias: b })[0]!,
        gradFunc: (dy, saved) => runKernel(LINEAR_GRAD, { dy, x: saved[0]!, weight: saved[1]! }, { hasBias: true }),
      };
    });
    return op(x, weight, bias);
  }
  const op = customOp<[tf.Tensor, tf.Tensor]>(([xi, w], save) => {
    save([xi, w]);
    return {
      value: runKernel(LINEAR, { x: xi, weight: w })[0]!,
      gradFunc: (dy, saved) => runKernel(LINEAR_GRAD, { dy, x: saved[0]!, weight: saved[1]! }, { hasBias: false }),
    };
  });
  return op(x, weight);
}
