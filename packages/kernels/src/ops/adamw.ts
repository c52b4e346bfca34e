import * as tf from "@tensorflow/tfjs-core";
import { ADAMW } from "../kernel-names.js";
import { runKernel } from "./run.js";

/** The per-step scalars of PyTorch's AdamW. */
export interface AdamWStepScalars {
  lr: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** lr / (1 - beta1^t) */
  stepSize: number;
  /** sqrt(1 - beta2^t) */
  bc2Sqrt: number;
}

/** One AdamW update of a parameter in one kernel: returns [param', m', v'] (new tensors). */
export function fusedAdamWUpdate(
  param: tf.Tensor,
  grad: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  s: AdamWStepScalars,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return runKernel(
    ADAMW,
    { param, grad, m, v },
    {
      decay: 1 - s.lr * s.weightDecay,
      beta1: s.beta1,
      oneMinusBeta1: 1 - s.beta1,
      beta2: s.beta2,
      oneMinusBeta2: 1 - s.beta2,
      bc2Sqrt: s.bc2Sqrt,
      epsilon: s.epsilon,
      stepSize: s.stepSize,
    },
  ) as [tf.Tensor, tf.Tensor, tf.Tensor];
}
