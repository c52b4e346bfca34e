import * as tf from "@tensorflow/tfjs-core";

/** Exact GELU, `0.5 x (1 + erf(x / sqrt 2))` (PyTorch's `nn.GELU()` default, used by LLaVA's projector). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}
