import type { SafetensorsDtype } from "./dtypes.js";

/** One tensor as stored in a safetensors file. */
export interface RawTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  /** Little-endian payload: a view into the file's bytes, not a copy. */
  bytes: Uint8Array;
}

/** A parsed safetensors file: tensors in header order plus the `__metadata__` strings. */
export interface SafetensorsFile {
  tensors: Map<string, RawTensor>;
  metadata: Record<string, string>;
}
