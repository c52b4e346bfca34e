import * as tf from "@tensorflow/tfjs-core";
import { FLOAT_DTYPES } from "./dtypes.js";
import { toFloat32, toNumbers } from "./convert.js";
import type { RawTensor } from "./raw.js";
import type { WritableTensor } from "./serialize.js";

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Turns a raw tensor into a tf.Tensor: float dtypes (F64/F32/F16/BF16) become float32, integer
 * dtypes and BOOL become int32 (an I64 value outside the int32 range is an error).
 */
export function rawToTensor(t: RawTensor): tf.Tensor {
  if (FLOAT_DTYPES.has(t.dtype)) return tf.tensor(toFloat32(t), t.shape, "float32");
  const values = toNumbers(t);
  const data = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    if (v < INT32_MIN || v > INT32_MAX) {
      throw new Error(`rawToTensor: ${t.dtype} element ${i} = ${v} does not fit in int32`);
    }
    data[i] = v;
  }
  return tf.tensor(data, t.shape, "int32");
}

/**
 * Converts named tf tensors to serializeSafetensors input, reading data with dataSync (copied,
 * so later changes to the tensors do not leak in). float32 tensors are stored as `dtype`
 * (default F32), int32 as I32, bool as U8. Duplicate names and other tf dtypes are errors.
 */
export function tensorsToSafetensors(
  named: Array<[string, tf.Tensor]> | Map<string, tf.Tensor>,
  dtype: "F32" | "F16" | "BF16" = "F32",
): Record<string, WritableTensor> {
  if (dtype !== "F32" && dtype !== "F16" && dtype !== "BF16") {
    throw new Error(`tensorsToSafetensors: dtype must be F32, F16 or BF16, got ${String(dtype)}`);
  }
  const out: Record<string, WritableTensor> = {};
  for (const [name, tensor] of named) {
    if (Object.prototype.hasOwnProperty.call(out, name)) {
      throw new Error(`tensorsToSafetensors: duplicate tensor name "${name}"`);
    }
    const shape = [...tensor.shape];
    let entry: WritableTensor;
    switch (tensor.dtype) {
      case "float32":
        entry = { dtype, shape, data: Float32Array.from(tensor.dataSync() as Float32Array) };
        break;
      case "int32":
        entry = { dtype: "I32", shape, data: Int32Array.from(tensor.dataSync() as Int32Array) };
        break;
      case "bool":
        entry = { dtype: "U8", shape, data: Uint8Array.from(tensor.dataSync() as Uint8Array) };
        break;
      default:
        throw new Error(`tensorsToSafetensors: tensor "${name}" has dtype ${tensor.dtype}; expected float32, int32 or bool`);
    }
    Object.defineProperty(out, name, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
