import { createRng } from "@llmnist/random";
import { describe, expect, it } from "vitest";
import { dequantizeNf4, NF4_CODE, NF4_MAX_HALF_GAP, nf4Bytes, quantizeNf4 } from "./nf4.js";

describe("NF4", () => {
  it("has the QLoRA code table: 16 sorted levels from -1 to 1 with an exact zero", () => {
    expect(NF4_CODE).toHaveLength(16);
    expect(NF4_CODE[0]).toBe(-1);
    expect(NF4_CODE[7]).toBe(0);
    expect(NF4_CODE[15]).toBe(1);
    for (let i = 1; i < 16; i++) expect(NF4_CODE[i]!).toBeGreaterThan(NF4_CODE[i - 1]!);
    // The widest gap is between -1 and the next level: 0.3038...
    expect(NF4_MAX_HALF_GAP).toBeCloseTo((1 - 0.6961928009986877) / 2, 12);
  });

  it("round-trips random weights within half the widest code gap times each block's absmax", () => {
    const rng = createRng(7);
    const n = 64 * 50 + 10; // a partial last block too
    const w = new Float32Array(n);
    for (let i = 0; i < n; i++) w[i] = rng.normal() * 0.02 * (1 + (i % 64 === 0 ? 5 : 0)); // some outliers
    const q = quantizeNf4(w, [n]);
    const back = dequantizeNf4(q);
    let worstRatio = 0;
    for (let i = 0; i < n; i++) {
      const block = Math.floor(i / 64);
      let absmax = 0;
      for (let j = block * 64; j < Math.min(n, block * 64 + 64); j++) absmax = Math.max(absmax, Math.abs(w[j]!));
      expect(q.absmax[block]).toBeCloseTo(absmax, 7);
      const err = Math.abs(back[i]! - w[i]!);
      expect(err).toBeLessThanOrEqual(NF4_MAX_HALF_GAP * absmax * (1 + 1e-6));
      worstRatio = Math.max(worstRatio, err / absmax);
    }
    // The bound is reached in practice, not vacuous: the worst error is over half of it.
    expect(worstRatio).toBeGreaterThan(NF4_MAX_HALF_GAP / 2);
  });

  it("represents each block's extreme exactly and zero exactly", () => {
    const w = Float32Array.from({ length: 64 }, (_, i) => (i === 3 ? -2.5 : i === 5 ? 0 : (i - 32) / 100));
    const back = dequantizeNf4(quantizeNf4(w, [8, 8]));
    expect(back[3]).toBeCloseTo(-2.5, 6);
    expect(back[5]).toBe(0);
  });

  it("packs two codes per byte plus one float32 per 64 values (4.5 bits per weight)", () => {
    const q = quantizeNf4(new Float32Array(128 * 64), [128, 64]);
    expect(nf4Bytes(q)).toBe((128 * 64) / 2 + (128 * 64 * 4) / 64);
  });

  it("rejects data that does not match the shape", () => {
    expect(() => quantizeNf4(new Float32Array(10), [3, 4])).toThrow(/shape \[3, 4\] has 12 elements, data has 10/);
  });
});
