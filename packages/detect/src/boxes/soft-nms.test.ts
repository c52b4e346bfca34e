import { describe, expect, it } from "vitest";
import { nmsFixtures } from "../fixtures/load.js";
import { softNms } from "./soft-nms.js";

describe("softNms (hand-computed)", () => {
  // IoU(0, 1) = 50 / 150 = 1/3; box 2 is apart from both.
  const boxes = [
    [0, 0, 10, 10],
    [5, 0, 15, 10],
    [40, 40, 50, 50],
  ];
  const scores = [0.9, 0.8, 0.7];

  it("linear: decays an overlapping box by 1 - IoU above the threshold", () => {
    const { indices, scores: decayed } = softNms(boxes, scores, null, { method: "linear", iouThreshold: 0.3 });
    // Box 1: 0.8 * (1 - 1/3) = 0.5333 after box 0 is picked; 2 (0.7) is picked before it.
    expect(Array.from(indices)).toEqual([0, 2, 1]);
    expect(decayed[0]).toBe(0.9);
    expect(decayed[1]).toBe(0.7);
    expect(decayed[2]).toBeCloseTo(0.8 * (2 / 3), 15);
    // Below the threshold (1/3 < 0.4) nothing decays.
    expect(Array.from(softNms(boxes, scores, null, { method: "linear", iouThreshold: 0.4 }).scores)).toEqual([0.9, 0.8, 0.7]);
  });

  it("gaussian: multiplies by exp(-IoU^2 / sigma)", () => {
    const { indices, scores: decayed } = softNms(boxes, scores, null, { method: "gaussian", sigma: 0.5 });
    const expected = 0.8 * Math.exp(-(1 / 9) / 0.5); // 0.6402
    expect(Array.from(indices)).toEqual([0, 2, 1]);
    expect(decayed[2]).toBeCloseTo(expected, 15);
  });

  it("drops boxes that decay below scoreThreshold, decays only within a class, caps at maxDetections", () => {
    const same = [[0, 0, 10, 10], [0, 0, 10, 10]]; // IoU 1: linear decay to 0
    expect(Array.from(softNms(same, [0.9, 0.8], null, { method: "linear" }).indices)).toEqual([0]);
    expect(Array.from(softNms(same, [0.9, 0.8], [1, 2], { method: "linear" }).scores)).toEqual([0.9, 0.8]);
    expect(Array.from(softNms(boxes, scores, null, { maxDetections: 2 }).indices)).toEqual([0, 2]);
    expect(Array.from(softNms(boxes, [0.9, 0.8, 0.0005]).indices)).toEqual([0, 1]);
  });

  it("rejects bad options by name", () => {
    expect(() => softNms(boxes, scores, null, { method: "hard" as "linear" })).toThrow('softNms: method must be "linear" or "gaussian", got "hard"');
    expect(() => softNms(boxes, scores, null, { sigma: 0 })).toThrow("softNms: sigma must be a number in");
    expect(() => softNms(boxes, [1, 2], null)).toThrow("softNms: scores has 2 entries but there are 3 boxes");
  });
});

describe("softNms against an independent float64 Python implementation of Bodla et al.'s algorithm", () => {
  const cases = nmsFixtures();
  it.each(cases.flatMap((c) => c.soft_nms.map((s) => [c.seed, s.method, s.sigma, s.iou_threshold, s.score_threshold, s.max_detections, c, s] as const)))(
    "seed %i, %s, sigma %s, IoU threshold %s, score threshold %s, max %s",
    (_seed, _method, _sigma, _thr, _scoreThr, _max, c, setting) => {
      const result = softNms(c.boxes, c.scores, c.classes, {
        method: setting.method,
        sigma: setting.sigma,
        iouThreshold: setting.iou_threshold,
        scoreThreshold: setting.score_threshold,
        maxDetections: setting.max_detections ?? Infinity,
      });
      expect(Array.from(result.indices)).toEqual(setting.keep);
      const worst = Math.max(0, ...setting.scores.map((s, n) => Math.abs(s - result.scores[n]!)));
      expect(worst).toBeLessThanOrEqual(1e-12);
    },
  );
});
