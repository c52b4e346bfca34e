import { describe, expect, it } from "vitest";
import { cocoFixtures } from "../fixtures/load.js";
import { meanOfValid, numpySum } from "./numpy-mean.js";

describe("numpySum / meanOfValid", () => {
  it.each(cocoFixtures().numpy_sums.map((c) => [c.values.length, c] as const))("%i values: bit-equal to NumPy's np.add.reduce and np.mean", (_n, c) => {
    const values = Float64Array.from(c.values);
    expect(numpySum(values)).toBe(c.sum);
    expect(meanOfValid(values)).toBe(c.mean);
  });

  it("leaves out -1 (pycocotools' 'no ground truth') and gives -1 when nothing is left", () => {
    expect(meanOfValid(Float64Array.of(-1, 0.5, -1, 1))).toBe(0.75);
    expect(meanOfValid(Float64Array.of(-1, -1))).toBe(-1);
    expect(meanOfValid(new Float64Array(0))).toBe(-1);
  });
});
