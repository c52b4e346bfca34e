// Float16 and bfloat16 <-> float32 conversion on raw 16-bit patterns.
// Encoding rounds to nearest, ties to even, like numpy / PyTorch casts.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 bit pattern of `value` (after rounding it to float32). */
function float32Bits(value: number): number {
  f32[0] = value;
  return u32[0] ?? 0;
}

/** Encodes a number as IEEE 754 binary16 bits (round to nearest even; overflow -> ±inf). */
export function float32ToFloat16Bits(value: number): number {
  const x = float32Bits(value);
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;

  if (exp === 0xff) {
    // Inf stays inf; NaN keeps its top payload bits and is forced quiet so it stays NaN.
    return mant === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mant >>> 13);
  }
  const e = exp - 127 + 15; // rebias
  if (e >= 0x1f) return sign | 0x7c00; // too large: inf
  if (e <= 0) {
    // Half subnormal (or zero). Below 2^-25 everything rounds to ±0.
    if (e < -10) return sign;
    mant |= 0x800000; // restore the implicit leading bit
    const shift = 14 - e; // 13 mantissa bits dropped plus the denormalisation shift
    const kept = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    // Rounding up from 0x3ff carries into the exponent field: the smallest normal, as it should.
    const rounded = rest > halfway || (rest === halfway && (kept & 1) === 1) ? kept + 1 : kept;
    return sign | rounded;
  }
  const h = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa bumps the exponent; from 0x7bff that gives inf, as IEEE says.
  const rounded = rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1) ? h + 1 : h;
  return sign | rounded;
}

let f16Table: Float32Array | undefined;

/** All 65536 float16 values, decoded once on first use. */
function float16Table(): Float32Array {
  if (f16Table) return f16Table;
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) table[h] = sign * frac * 2 ** -24; // zero / subnormal
    else if (exp === 0x1f) table[h] = frac === 0 ? sign * Infinity : NaN;
    else table[h] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  f16Table = table;
  return table;
}

/** Decodes IEEE 754 binary16 bits. */
export function float16BitsToFloat32(bits: number): number {
  return float16Table()[bits & 0xffff] ?? NaN;
}

/** Encodes a number as bfloat16 bits (the top half of float32, round to nearest even). */
export function float32ToBfloat16Bits(value: number): number {
  const x = float32Bits(value);
  if ((x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0) {
    // NaN: truncating could clear every payload bit and make it inf, so force it quiet.
    return (x >>> 16) | 0x0040;
  }
  // Adding 0x7fff plus the lowest kept bit rounds ties to even; overflow correctly gives inf.
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

/** Decodes bfloat16 bits. */
export function bfloat16BitsToFloat32(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0] ?? NaN;
}
