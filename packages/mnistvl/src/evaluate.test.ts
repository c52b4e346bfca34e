import { describe, expect, it } from "vitest";
import { QWEN25_VL_3B_BASELINE, summarise } from "./evaluate.js";

describe("summarise", () => {
  it("computes accuracy, per-class accuracy and counts unparsed answers as wrong", () => {
    const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j): number => (i === j ? 8 : 0)));
    confusion[3]![5] = 1; // one 3 read as 5
    const unparsed = new Array<number>(10).fill(0);
    unparsed[7] = 2; // two 7s answered with something that is not a digit
    const s = summarise(confusion, unparsed);
    expect(s.total).toBe(83);
    expect(s.correct).toBe(80);
    expect(s.unparsed).toBe(2);
    expect(s.accuracy).toBeCloseTo((100 * 80) / 83, 10);
    expect(s.perClassAccuracy[3]).toBeCloseTo((100 * 8) / 9, 10);
    expect(s.perClassAccuracy[7]).toBeCloseTo(80, 10);
    expect(s.perClassAccuracy[0]).toBe(100);
  });

  it("keeps the paper's baseline numbers", () => {
    expect(QWEN25_VL_3B_BASELINE.accuracy).toBe(83.18);
    expect(QWEN25_VL_3B_BASELINE.confusionRow0).toEqual([485, 457, 6, 0, 0, 1, 31, 0, 0, 0]);
    expect(QWEN25_VL_3B_BASELINE.confusionRow0.reduce((a: number, b: number) => a + b, 0)).toBe(980); // the 980 test zeros
  });
});
