import { describe, expect, it } from "vitest";
import { iou, pairwiseIou } from "./iou.js";

describe("iou", () => {
  it("is intersection over union on [x1, y1, x2, y2] pixel boxes", () => {
    // 10x10 boxes shifted by 5 in x: intersection 5*10 = 50, union 100 + 100 - 50 = 150.
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(1 / 3, 15);
    // One inside the other: 4x4 in 8x8 -> 16 / 64.
    expect(iou([2, 2, 6, 6], [0, 0, 8, 8])).toBe(0.25);
    expect(iou([1, 2, 3, 4], [1, 2, 3, 4])).toBe(1);
  });

  it("is 0 for boxes that only touch or are apart, and for two empty boxes (not NaN)", () => {
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
    expect(iou([0, 0, 10, 10], [30, 30, 40, 40])).toBe(0);
    expect(iou([5, 5, 5, 5], [5, 5, 5, 5])).toBe(0);
  });

  it("names the box and what is wrong", () => {
    expect(() => iou([0, 0, 10], [0, 0, 1, 1])).toThrow("iou: a: expected 4 numbers [x1, y1, x2, y2], got [0, 0, 10]");
    expect(() => iou([0, 0, 1, 1], [0, NaN, 1, 1])).toThrow("iou: b: expected 4 finite numbers [x1, y1, x2, y2], got [0, NaN, 1, 1]");
    expect(() => iou([5, 0, 1, 1], [0, 0, 1, 1])).toThrow("iou: a: x2 = 1 is less than x1 = 5");
  });
});

describe("pairwiseIou", () => {
  it("fills a row-major [n, m] matrix; boxes as rows or flat", () => {
    const a = [
      [0, 0, 10, 10],
      [5, 0, 15, 10],
    ];
    const b = new Float32Array([0, 0, 10, 10, 100, 100, 110, 110, 5, 0, 15, 10]);
    const m = pairwiseIou(a, b);
    expect(m).toHaveLength(6);
    expect(Array.from(m)).toEqual([1, 0, 50 / 150, 50 / 150, 0, 1]);
  });

  it("says which box of which argument is bad", () => {
    expect(() => pairwiseIou([[0, 0, 1, 1]], [[0, 0, 1, 1], [3, 3, 2, 4]])).toThrow("pairwiseIou: b[1]: x2 = 2 is less than x1 = 3");
    expect(() => pairwiseIou([0, 0, 1, 1, 2], [])).toThrow("pairwiseIou: a is flat (numbers) with length 5, which is not a multiple of 4");
  });
});
