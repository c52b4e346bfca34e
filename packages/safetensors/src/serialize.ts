import { elementCount, HOST_IS_LITTLE_ENDIAN, ITEM_SIZE } from "./dtypes.js";
import { float32ToBfloat16Bits, float32ToFloat16Bits } from "./half.js";

/** Dtypes this package writes. */
export type WritableDtype = "F32" | "F16" | "BF16" | "I32" | "U8";

/** A tensor to write. F32/F16/BF16 take Float32Array data, I32 Int32Array, U8 Uint8Array. */
export interface WritableTensor {
  dtype: WritableDtype;
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

const DATA_TYPE: Record<WritableDtype, { ctor: Function; name: string }> = {
  F32: { ctor: Float32Array, name: "Float32Array" },
  F16: { ctor: Float32Array, name: "Float32Array" },
  BF16: { ctor: Float32Array, name: "Float32Array" },
  I32: { ctor: Int32Array, name: "Int32Array" },
  U8: { ctor: Uint8Array, name: "Uint8Array" },
};

function validate(name: string, t: WritableTensor): void {
  const where = `serializeSafetensors: tensor "${name}"`;
  if (name === "__metadata__" || name.length === 0) {
    throw new Error(`${where}: the name is reserved or empty`);
  }
  const expectedType = DATA_TYPE[t.dtype as WritableDtype];
  if (!expectedType) {
    throw new Error(`${where}: dtype must be one of ${Object.keys(DATA_TYPE).join(", ")}, got ${String(t.dtype)}`);
  }
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new Error(`${where}: shape must be non-negative integers, got ${JSON.stringify(t.shape)}`);
  }
  if (!(t.data instanceof expectedType.ctor)) {
    throw new Error(`${where}: ${t.dtype} data must be a ${expectedType.name}, got ${t.data?.constructor?.name}`);
  }
  const n = elementCount(t.shape);
  if (t.data.length !== n) {
    throw new Error(`${where}: shape [${t.shape.join(",")}] has ${n} elements, data has ${t.data.length}`);
  }
}

function encode(t: WritableTensor, out: Uint8Array): void {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const data = t.data;
  switch (t.dtype) {
    case "F32":
    case "I32":
      if (HOST_IS_LITTLE_ENDIAN) {
        out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } else if (t.dtype === "F32") {
        for (let i = 0; i < data.length; i++) dv.setFloat32(i * 4, data[i] ?? 0, true);
      } else {
        for (let i = 0; i < data.length; i++) dv.setInt32(i * 4, data[i] ?? 0, true);
      }
      return;
    case "F16":
      for (let i = 0; i < data.length; i++) dv.setUint16(i * 2, float32ToFloat16Bits(data[i] ?? 0), true);
      return;
    case "BF16":
      for (let i = 0; i < data.length; i++) dv.setUint16(i * 2, float32ToBfloat16Bits(data[i] ?? 0), true);
      return;
    case "U8":
      out.set(data);
      return;
  }
}

/**
 * Serializes tensors to safetensors bytes. Tensors are sorted by name (header and data), offsets
 * are contiguous, and the JSON header is padded with spaces to a multiple of 8 bytes as in the
 * reference implementation. `__metadata__` is written when `metadata` is given.
 */
export function serializeSafetensors(
  tensors: Record<string, WritableTensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const names = Object.keys(tensors).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== "string") {
        throw new Error(`serializeSafetensors: metadata.${key} must be a string, got ${typeof value}`);
      }
    }
    header.__metadata__ = metadata;
  }
  let offset = 0;
  const layout: Array<{ tensor: WritableTensor; begin: number; end: number }> = [];
  for (const name of names) {
    const tensor = tensors[name];
    if (!tensor) throw new Error(`serializeSafetensors: tensor "${name}" is ${String(tensor)}`);
    validate(name, tensor);
    const end = offset + tensor.data.length * ITEM_SIZE[tensor.dtype];
    // defineProperty keeps odd names (e.g. "__proto__") as ordinary keys.
    Object.defineProperty(header, name, {
      value: { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, end] },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    layout.push({ tensor, begin: offset, end });
    offset = end;
  }

  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.byteLength / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.byteLength, 8 + padded); // spaces: still valid JSON
  const dataStart = 8 + padded;
  for (const { tensor, begin, end } of layout) {
    encode(tensor, out.subarray(dataStart + begin, dataStart + end));
  }
  return out;
}
