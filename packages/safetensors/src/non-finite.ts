import { elementCount, ITEM_SIZE } from "./dtypes.js";
import { toFloat32 } from "./convert.js";
import type { RawTensor } from "./raw.js";

/** Where a tensor first holds NaN or ±Infinity, and which of them. */
export interface NonFinite {
  index: number;
  value: number;
}

/** The first NaN or ±Infinity in decoded values, or null when every value is finite. */
export function firstNonFinite(data: ArrayLike<number>): NonFinite | null {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // v - v is 0 for every finite number and NaN for NaN and ±Infinity.
    if (v - v !== 0) return { index: i, value: v };
  }
  return null;
}

/**
 * The first element of a safetensors tensor that is NaN or ±Infinity as float32, found from
 * the stored bits without decoding the whole tensor (integer dtypes are always finite). An F64
 * value beyond float32's range counts too: it would load as ±Infinity.
 */
export function firstNonFiniteRaw(t: RawTensor): NonFinite | null {
  const n = elementCount(t.shape);
  const dv = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
  let bad = -1;
  switch (t.dtype) {
    case "F32":
      for (let i = 0; i < n && bad < 0; i++) if ((dv.getUint32(4 * i, true) & 0x7f800000) === 0x7f800000) bad = i;
      break;
    case "F16":
      for (let i = 0; i < n && bad < 0; i++) if ((dv.getUint16(2 * i, true) & 0x7c00) === 0x7c00) bad = i;
      break;
    case "BF16":
      for (let i = 0; i < n && bad < 0; i++) if ((dv.getUint16(2 * i, true) & 0x7f80) === 0x7f80) bad = i;
      break;
    case "F64":
      for (let i = 0; i < n && bad < 0; i++) {
        const v = Math.fround(dv.getFloat64(8 * i, true));
        if (v - v !== 0) bad = i;
      }
      break;
    default:
      return null;
  }
  if (bad < 0) return null;
  const size = ITEM_SIZE[t.dtype];
  const one = toFloat32({ dtype: t.dtype, shape: [1], bytes: t.bytes.subarray(bad * size, (bad + 1) * size) });
  return { index: bad, value: one[0]! };
}
