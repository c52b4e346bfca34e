import { describe, expect, it } from "vitest";
import {
  bfloat16BitsToFloat32,
  float16BitsToFloat32,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
} from "./half.js";

// Bit patterns from the IEEE 754 binary16 / bfloat16 tables.
describe("float16", () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff], // largest finite half
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [-(2 ** -24), 0x8001],
    [1023 * 2 ** -24, 0x03ff], // largest subnormal
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
  ])("encodes %s as 0x%s", (value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
    expect(Object.is(float16BitsToFloat32(bits), value)).toBe(true);
  });

  it("rounds to nearest, ties to even", () => {
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie, 0x3c00 is even
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie, rounds up to even
    expect(float32ToFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // above the tie
    expect(float32ToFloat16Bits(65519)).toBe(0x7bff); // below the inf tie
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00); // tie rounds to even: inf
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0x0000); // tie between 0 and 2^-24
    expect(float32ToFloat16Bits(-(2 ** -25))).toBe(0x8000);
    expect(float32ToFloat16Bits(1.5 * 2 ** -25)).toBe(0x0001);
    expect(float32ToFloat16Bits(3 * 2 ** -25)).toBe(0x0002); // tie 1.5 ulp -> even (2)
    expect(float32ToFloat16Bits(2 ** -30)).toBe(0x0000);
    expect(float32ToFloat16Bits(1023.5 * 2 ** -24)).toBe(0x0400); // subnormal carries into normal
  });

  it("keeps NaN a NaN", () => {
    const bits = float32ToFloat16Bits(NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x03ff).not.toBe(0);
    expect(float16BitsToFloat32(0x7e00)).toBeNaN();
    expect(float16BitsToFloat32(0x7c01)).toBeNaN();
  });
});

describe("bfloat16", () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3f80],
    [-2, 0xc000],
    [3.140625, 0x4049],
    [2 ** -130, 0x0008], // float32 subnormal, exact in bfloat16
    [2 ** -126, 0x0080], // smallest normal
    [Infinity, 0x7f80],
    [-Infinity, 0xff80],
  ])("encodes %s as 0x%s", (value, bits) => {
    expect(float32ToBfloat16Bits(value)).toBe(bits);
    expect(Object.is(bfloat16BitsToFloat32(bits), value)).toBe(true);
  });

  it("rounds to nearest, ties to even", () => {
    expect(float32ToBfloat16Bits(1 + 2 ** -8)).toBe(0x3f80); // tie, stays even
    expect(float32ToBfloat16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82); // tie, up to even
    expect(float32ToBfloat16Bits(1 + 2 ** -8 + 2 ** -20)).toBe(0x3f81);
    expect(float32ToBfloat16Bits(3.4028234663852886e38)).toBe(0x7f80); // float32 max -> inf
    expect(float32ToBfloat16Bits(-3.4028234663852886e38)).toBe(0xff80);
  });

  it("keeps NaN a NaN, even with only low payload bits", () => {
    const f = new Float32Array(new Uint32Array([0x7f800001]).buffer)[0] ?? 0;
    expect(f).toBeNaN();
    const bits = float32ToBfloat16Bits(f);
    expect(bits & 0x7f80).toBe(0x7f80);
    expect(bits & 0x007f).not.toBe(0);
    expect(bfloat16BitsToFloat32(0x7fc0)).toBeNaN();
  });
});
