import { createRng } from "@llmnist/random";
import { describe, expect, it } from "vitest";
import { changeStrokeWidth, sampleStrokeRadius } from "./stroke.js";
import { inkColumns, row, verticalBar } from "./test-images.test-helpers.js";

const apply = (src: Float32Array, radius: number): Float32Array => {
  const dst = new Float32Array(784);
  changeStrokeWidth(src, dst, radius);
  return dst;
};

describe("changeStrokeWidth", () => {
  it("thickens a 1-px line to 3 px at radius 1 and 5 px at radius 2, with nothing beyond", () => {
    const line = verticalBar(13, 1);
    expect(inkColumns(apply(line, 1), 14)).toEqual([12, 13, 14]);
    expect(inkColumns(apply(line, 1), 14, 1e-9)).toEqual([12, 13, 14]);
    expect(inkColumns(apply(line, 2), 14)).toEqual([11, 12, 13, 14, 15]);
    expect(inkColumns(apply(line, 2), 14, 1e-9)).toEqual([11, 12, 13, 14, 15]);
  });

  it("at radius 0.5 adds half-strength sides: the width changes continuously", () => {
    const out = row(apply(verticalBar(13, 1), 0.5), 14);
    expect(out.slice(11, 16)).toEqual([0, 0.5, 1, 0.5, 0]);
  });

  it("thins a 5-px bar to 3 px at radius -1 and to 1 px at radius -2", () => {
    const bar = verticalBar(11, 5);
    expect(inkColumns(apply(bar, -1), 14, 1e-9)).toEqual([12, 13, 14]);
    expect(inkColumns(apply(bar, -2), 14, 1e-9)).toEqual([13]);
  });

  it("is the identity at radius 0 and keeps values in [0, 1]", () => {
    const src = Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 101) / 100);
    expect(Array.from(apply(src, 0))).toEqual(Array.from(src));
    for (const r of [-1.5, -0.3, 0.7, 2.5]) {
      const out = apply(src, r);
      expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...out)).toBeLessThanOrEqual(1);
    }
  });

  it("draws the radius uniformly in [-maxThin, maxThicken]", () => {
    const rng = createRng(3);
    const radii = Array.from({ length: 2000 }, () => sampleStrokeRadius(rng, { maxThicken: 1, maxThin: 0.5 }));
    expect(Math.min(...radii)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...radii)).toBeLessThan(1);
    expect(Math.min(...radii)).toBeLessThan(-0.49);
    expect(Math.max(...radii)).toBeGreaterThan(0.99);
  });
});
