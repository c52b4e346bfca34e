import { elementCount, HOST_IS_LITTLE_ENDIAN, ITEM_SIZE } from "./dtypes.js";
import { bfloat16BitsToFloat32, float16BitsToFloat32 } from "./half.js";
import type { RawTensor } from "./raw.js";

function checkLength(t: RawTensor): number {
  const n = elementCount(t.shape);
  const expected = n * ITEM_SIZE[t.dtype];
  if (t.bytes.byteLength !== expected) {
    throw new Error(
      `RawTensor ${t.dtype}[${t.shape.join(",")}]: expected ${expected} bytes, got ${t.bytes.byteLength}`,
    );
  }
  return n;
}

function view(t: RawTensor): DataView {
  return new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
}

/** Copies the payload into a fresh ArrayBuffer (which is aligned, whatever the file offset was). */
function alignedCopy(t: RawTensor): ArrayBuffer {
  const copy = new Uint8Array(t.bytes.byteLength);
  copy.set(t.bytes);
  return copy.buffer;
}

/**
 * Decodes any supported dtype to a new Float32Array (floats are rounded to float32, ints
 * converted; BOOL gives 0/1). F16 and BF16 decode subnormals, ±inf and NaN exactly.
 */
export function toFloat32(t: RawTensor): Float32Array {
  const n = checkLength(t);
  const out = new Float32Array(n);
  switch (t.dtype) {
    case "F32": {
      if (HOST_IS_LITTLE_ENDIAN) return new Float32Array(alignedCopy(t));
      const dv = view(t);
      for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true);
      return out;
    }
    case "F64": {
      const dv = view(t);
      for (let i = 0; i < n; i++) out[i] = dv.getFloat64(i * 8, true);
      return out;
    }
    case "F16": {
      const dv = view(t);
      for (let i = 0; i < n; i++) out[i] = float16BitsToFloat32(dv.getUint16(i * 2, true));
      return out;
    }
    case "BF16": {
      const dv = view(t);
      for (let i = 0; i < n; i++) out[i] = bfloat16BitsToFloat32(dv.getUint16(i * 2, true));
      return out;
    }
    default: {
      const ints = toNumbers(t, n);
      out.set(ints);
      return out;
    }
  }
}

/** Integer and BOOL payloads as plain numbers (I64 beyond 2^53 loses precision). */
export function toNumbers(t: RawTensor, n = checkLength(t)): number[] {
  const dv = view(t);
  const out = new Array<number>(n);
  switch (t.dtype) {
    case "I64":
      for (let i = 0; i < n; i++) out[i] = Number(dv.getBigInt64(i * 8, true));
      return out;
    case "I32":
      for (let i = 0; i < n; i++) out[i] = dv.getInt32(i * 4, true);
      return out;
    case "I16":
      for (let i = 0; i < n; i++) out[i] = dv.getInt16(i * 2, true);
      return out;
    case "I8":
      for (let i = 0; i < n; i++) out[i] = dv.getInt8(i);
      return out;
    case "U8":
      for (let i = 0; i < n; i++) out[i] = dv.getUint8(i);
      return out;
    case "BOOL":
      for (let i = 0; i < n; i++) out[i] = dv.getUint8(i) === 0 ? 0 : 1;
      return out;
    default:
      return Array.from(toFloat32(t));
  }
}
