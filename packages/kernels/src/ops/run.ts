import * as tf from "@tensorflow/tfjs-core";

/** Runs one of our kernels through the engine (so tidy, profiling and memory tracking see it). */
export function runKernel(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number | boolean> = {}): tf.Tensor[] {
  const result = tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap);
  return Array.isArray(result) ? (result as tf.Tensor[]) : [result as tf.Tensor];
}
