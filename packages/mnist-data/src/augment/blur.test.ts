import { describe, expect, it } from "vitest";
import { blurImage } from "./blur.js";
import { row, verticalBar } from "./test-images.test-helpers.js";

describe("blurImage", () => {
  it("copies at sigma 0", () => {
    const src = verticalBar(13, 1);
    const dst = new Float32Array(784);
    blurImage(src, dst, 0);
    expect(Array.from(dst)).toEqual(Array.from(src));
  });

  it("spreads a 1-px line symmetrically and keeps its ink away from the border", () => {
    const dst = new Float32Array(784);
    blurImage(verticalBar(13, 1), dst, 0.5);
    const r = row(dst, 14);
    // The kernel at sigma 0.5: exp(-1/(2*0.25)) = e^-2 relative weight one pixel out.
    const side = Math.exp(-2) / (1 + 2 * Math.exp(-2) + 2 * Math.exp(-8));
    expect(r[12]).toBeCloseTo(side, 6);
    expect(r[14]).toBeCloseTo(side, 6);
    expect(r[13]).toBeCloseTo(1 / (1 + 2 * Math.exp(-2) + 2 * Math.exp(-8)), 6);
    expect(r.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });
});
