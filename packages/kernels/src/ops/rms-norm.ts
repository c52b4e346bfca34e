import * as tf from "@tensorflow/tfjs-core";
import { RMS_NORM, RMS_NORM_GRAD } from "../kernel-names.js";
import { customOp } from "./custom-op.js";
import { runKernel } from "./run.js";

/** `weight * x / sqrt(mean(x^2) + epsilon)` over the last axis, forward and backward one kernel each. */
export function fusedRmsNorm(x: tf.Tensor, weight: tf.Tensor, epsilon: number): tf.Tensor {
  const op = customOp<[tf.Tensor, tf.Tensor]>(([input, w], save) => {
    const [y, r] = runKernel(RMS_NORM, { x: input, weight: w }, { epsilon }) as [tf.Tensor, tf.Tensor];
    save([input, w, r]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [xs, ws, rs] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        return runKernel(RMS_NORM_GRAD, { dy, x: xs, weight: ws, r: rs });
      },
    };
  });
  return op(x, weight);
}
