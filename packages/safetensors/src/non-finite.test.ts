import { describe, expect, it } from "vitest";
import { firstNonFinite, firstNonFiniteRaw } from "./non-finite.js";
import type { RawTensor } from "./raw.js";

/** Little-endian bytes of uint16 / uint32 words, as safetensors stores them. */
function u16(...words: number[]): Uint8Array {
  return new Uint8Array(new Uint16Array(words).buffer);
}
function raw(dtype: RawTensor["dtype"], bytes: Uint8Array, n: number): RawTensor {
  return { dtype, shape: [n], bytes };
}

describe("firstNonFinite", () => {
  it("finds the first NaN or infinity, and nothing in finite data", () => {
    expect(firstNonFinite(Float32Array.from([1, -0, 3e38]))).toBeNull();
    expect(firstNonFinite(Float32Array.from([1, Infinity, NaN]))).toEqual({ index: 1, value: Infinity });
    expect(firstNonFinite(Float32Array.from([0, 0, NaN]))).toEqual({ index: 2, value: NaN });
    expect(firstNonFinite(Float32Array.from([-Infinity]))).toEqual({ index: 0, value: -Infinity });
  });
});

describe("firstNonFiniteRaw", () => {
  it("reads F32 bits: 0x7f800000 is +inf, 0xff800000 -inf, 0x7fc00000 NaN, 0x7f7fffff the largest finite", () => {
    const f32 = (...words: number[]) => raw("F32", new Uint8Array(new Uint32Array(words).buffer), words.length);
    expect(firstNonFiniteRaw(f32(0x3f800000, 0x7f7fffff))).toBeNull();
    expect(firstNonFiniteRaw(f32(0x3f800000, 0x7f7fffff, 0xff800000))).toEqual({ index: 2, value: -Infinity });
    expect(firstNonFiniteRaw(f32(0x7fc00000, 0x7f800000))).toEqual({ index: 0, value: NaN });
  });

  it("reads F16 bits: 0x7c00 is +inf, 0x7e00 NaN, 0x7bff (65504) finite", () => {
    expect(firstNonFiniteRaw(raw("F16", u16(0x3c00, 0x7bff), 2))).toBeNull();
    expect(firstNonFiniteRaw(raw("F16", u16(0x3c00, 0x7bff, 0x7c00), 3))).toEqual({ index: 2, value: Infinity });
    expect(firstNonFiniteRaw(raw("F16", u16(0x7e00), 1))).toEqual({ index: 0, value: NaN });
  });

  it("reads BF16 bits: 0xff80 is -inf, 0x7fc0 NaN, 0x7f7f finite", () => {
    expect(firstNonFiniteRaw(raw("BF16", u16(0x3f80, 0x7f7f), 2))).toBeNull();
    expect(firstNonFiniteRaw(raw("BF16", u16(0x3f80, 0xff80), 2))).toEqual({ index: 1, value: -Infinity });
    expect(firstNonFiniteRaw(raw("BF16", u16(0x0000, 0x7fc0), 2))).toEqual({ index: 1, value: NaN });
  });

  it("counts an F64 value beyond float32's range as infinite, since it loads as one", () => {
    const f64 = (...values: number[]) => raw("F64", new Uint8Array(new Float64Array(values).buffer), values.length);
    expect(firstNonFiniteRaw(f64(1, 3e38))).toBeNull();
    expect(firstNonFiniteRaw(f64(1, 1e300))).toEqual({ index: 1, value: Infinity });
  });

  it("treats integer dtypes as finite", () => {
    expect(firstNonFiniteRaw(raw("I32", new Uint8Array([0xff, 0xff, 0x80, 0x7f]), 1))).toBeNull();
  });
});
