import * as tf from "@tensorflow/tfjs-core";

/** The parts of tfjs-backend-wasm's BackendWasm the kernels use (it exports no such type). */
export interface WasmBackendInternals {
  wasm: {
    HEAPF32: Float32Array;
    HEAPU8: Uint8Array;
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    asm: { memory: WebAssembly.Memory };
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number; shape: number[]; dtype: string } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** Byte offset of a tensor's data in the wasm heap. */
export function offsetOf(backend: WasmBackendInternals, tensor: tf.TensorInfo): number {
  const entry = backend.dataIdMap.get(tensor.dataId);
  if (!entry) throw new Error(`@llmnist/kernels: tensor ${tensor.shape.join("x")} has no data on the wasm backend`);
  return entry.memoryOffset;
}
