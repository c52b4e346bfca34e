import { describe, expect, it } from "vitest";
import { resample } from "./resample.js";

describe("resample", () => {
  it("shrinks by averaging the exact area each output pixel covers", () => {
    expect(Array.from(resample(Float32Array.from([1, 1, 0, 0]), 4, 1, 2, 1))).toEqual([1, 0]);
    const out = resample(Float32Array.from([1, 0, 0]), 3, 1, 2, 1); // covers [0, 1.5) and [1.5, 3)
    expect(out[0]).toBeCloseTo(2 / 3, 6);
    expect(out[1]).toBeCloseTo(0, 6);
  });

  it("keeps the total ink when shrinking (a thin stroke fades, it does not vanish)", () => {
    const width = 37;
    const height = 23;
    const src = new Float32Array(width * height);
    for (let y = 0; y < height; y++) src[y * width + 17] = 1; // a 1-px vertical line
    const out = resample(src, width, height, 10, 6);
    const sum = (a: Float32Array): number => a.reduce((s, v) => s + v, 0);
    expect(sum(out) * ((width * height) / (10 * 6))).toBeCloseTo(sum(src), 4);
    expect(Math.max(...out)).toBeGreaterThan(0.2);
  });

  it("enlarges by linear interpolation between pixel centres", () => {
    const out = resample(Float32Array.from([0, 1]), 2, 1, 4, 1);
    expect(Array.from(out)).toEqual([0, 0.25, 0.75, 1]);
  });

  it("is the identity at the same size", () => {
    const src = Float32Array.from({ length: 12 }, (_, i) => i / 11);
    expect(Array.from(resample(src, 4, 3, 4, 3))).toEqual(Array.from(src).map((v) => expect.closeTo(v, 6)));
  });
});
