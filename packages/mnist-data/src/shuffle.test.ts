import { describe, expect, it } from "vitest";
import { shuffledIndices } from "./shuffle.js";

function isPermutation(a: Uint32Array, n: number): boolean {
  if (a.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const v of a) {
    if (v >= n || seen[v]) return false;
    seen[v] = 1;
  }
  return true;
}

describe("shuffledIndices", () => {
  it("is a permutation of 0..count-1", () => {
    for (const n of [0, 1, 2, 7, 1000, 60000]) expect(isPermutation(shuffledIndices(n, 42, 3), n)).toBe(true);
  });

  it("is reproducible for the same (seed, epoch) and differs across epochs and seeds", () => {
    const a = shuffledIndices(1000, 42, 0);
    expect(Array.from(shuffledIndices(1000, 42, 0))).toEqual(Array.from(a));
    const differs = (b: Uint32Array) => b.some((v, i) => v !== a[i]);
    expect(differs(shuffledIndices(1000, 42, 1))).toBe(true);
    expect(differs(shuffledIndices(1000, 43, 0))).toBe(true);
    expect(differs(shuffledIndices(1000, -42, 0))).toBe(true);
    expect(differs(Uint32Array.from({ length: 1000 }, (_, i) => i))).toBe(true);
  });

  it("gives all 24 orders of 4 items about equally often (Fisher-Yates is unbiased)", () => {
    const counts = new Map<string, number>();
    const trials = 24_000;
    for (let e = 0; e < trials; e++) {
      const key = Array.from(shuffledIndices(4, 7, e)).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    // Expected 1000 each; binomial sd ~ 31, so +-150 is ~5 sd.
    for (const c of counts.values()) {
      expect(c).toBeGreaterThan(850);
      expect(c).toBeLessThan(1150);
    }
  });

  it("gives the orders recorded before it used @llmnist/random (every committed run's batch order)", () => {
    expect(Array.from(shuffledIndices(20, 0x66ccff, 0))).toEqual([5, 9, 13, 6, 18, 10, 19, 2, 4, 1, 17, 15, 3, 12, 11, 14, 16, 7, 8, 0]);
    expect(Array.from(shuffledIndices(60000, 1, 3).subarray(0, 10))).toEqual([41059, 8708, 9097, 54748, 31864, 8419, 29250, 9019, 52553, 48163]);
    expect(Array.from(shuffledIndices(10, -5, 2 ** 35))).toEqual([3, 9, 0, 7, 4, 5, 8, 6, 1, 2]);
  });

  it("rejects bad arguments", () => {
    expect(() => shuffledIndices(-1, 0, 0)).toThrow(/count must be an integer/);
    expect(() => shuffledIndices(10, 0.5, 0)).toThrow("shuffledIndices: seed must be a safe integer, got 0.5");
    expect(() => shuffledIndices(10, 0, NaN)).toThrow(/epoch must be a safe integer/);
  });
});
