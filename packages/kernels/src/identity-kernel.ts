import type * as tf from "@tensorflow/tfjs-core";

type KernelFunc = tf.KernelConfig["kernelFunc"];

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/**
 * Identity without a copy. tfjs clones every tensor it saves for a gradient, and the wasm
 * backend's Identity copies the data each time; tensors are immutable, so sharing the data
 * under a reference count (as the wasm Reshape and the cpu backend's Identity do) is enough.
 */
export function sharedIdentityKernel(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === "string") return fallback(args);
    (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
