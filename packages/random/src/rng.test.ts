import { describe, expect, it } from "vitest";
import { deriveSeed } from "./derive-seed.js";
import { mix32 } from "./hash.js";
import { createRng } from "./rng.js";

describe("createRng", () => {
  it("is the splitmix32 sequence: state += golden ratio, then the mix", () => {
    // Hand-unrolled reference for seed 0: state starts at fold(0, 0) computed independently.
    const m = (x: number): number => {
      x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
      x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
      return (x ^ (x >>> 15)) >>> 0;
    };
    const start = m((m(0) + 0x9e3779b9) ^ 0);
    const rng = createRng(0);
    let s = start;
    for (let i = 0; i < 5; i++) {
      s = (s + 0x9e3779b9) >>> 0;
      expect(rng.nextUint32()).toBe(m(s));
    }
    expect(mix32(0)).toBe(0);
  });

  it("is reproducible per seed and differs between seeds", () => {
    const a = createRng(0x66ccff);
    const b = createRng(0x66ccff);
    const c = createRng(0x66ccff + 1);
    const xs = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it("draws uniform floats in [0, 1), unbiased ints and standard normals", () => {
    const rng = createRng(42);
    const n = 20000;
    let sum = 0;
    let sumSq = 0;
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      counts[rng.nextInt(7)]! += 1;
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    for (const c of counts) expect(Math.abs(c - n / 7)).toBeLessThan(200); // ~6 sigma
    expect(Math.abs(sum / n)).toBeLessThan(0.05);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.05);
  });

  it("rejects bad seeds and ranges", () => {
    expect(() => createRng(1.5)).toThrow(/seed must be a safe integer, got 1.5/);
    expect(() => createRng(0).nextInt(0)).toThrow(/n must be an integer/);
  });
});

describe("deriveSeed", () => {
  it("gives distinct, reproducible 32-bit seeds per part", () => {
    const seeds = new Set<number>();
    for (let e = 0; e < 100; e++) seeds.add(deriveSeed(7, e));
    expect(seeds.size).toBe(100);
    expect(deriveSeed(7, 3, 1)).toBe(deriveSeed(7, 3, 1));
    expect(deriveSeed(7, 3, 1)).not.toBe(deriveSeed(7, 1, 3));
    for (const s of seeds) expect(s >>> 0).toBe(s);
    expect(() => deriveSeed(7, 0.5)).toThrow(/parts\[0\]/);
  });
});
