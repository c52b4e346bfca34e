import * as tf from "@tensorflow/tfjs-core";
import { SWIGLU, SWIGLU_GRAD } from "../kernel-names.js";
import { customOp } from "./custom-op.js";
import { runKernel } from "./run.js";

/** `silu(gate) * up` (the SwiGLU MLP's activation) as one kernel each way. */
export function fusedSwiGLU(gate: tf.Tensor, up: tf.Tensor): tf.Tensor {
  const op = customOp<[tf.Tensor, tf.Tensor]>(([g, u], save) => {
    save([g, u]);
    return {
      value: runKernel(SWIGLU, { gate: g, up: u })[0]!,
      gradFunc: (dh, saved) => {
        const [gs, us] = saved as [tf.Tensor, tf.Tensor];
        return runKernel(SWIGLU_GRAD, { dh, gate: gs, up: us });
      },
    };
  });
  return op(gate, up);
}
