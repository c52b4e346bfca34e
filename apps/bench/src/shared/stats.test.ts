import { describe, expect, it } from "vitest";
import { mean, median, sampleStd } from "./stats.js";

describe("stats", () => {
  it("computes median, mean and sample standard deviation", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([1, 2, 6])).toBe(3);
    expect(sampleStd([99.1, 99.3])).toBeCloseTo(Math.SQRT2 * 0.1, 12);
    expect(sampleStd([99.1])).toBe(0);
  });

  it("refuses empty lists", () => {
    expect(() => median([])).toThrow(/no values/);
    expect(() => mean([])).toThrow(/no values/);
  });
});
