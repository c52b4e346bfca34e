import { describe, expect, it } from "vitest";
import { nmsFixtures } from "../fixtures/load.js";
import { nms } from "./nms.js";

describe("nms (hand-computed)", () => {
  const boxes = [
    [0, 0, 10, 10], // 0
    [1, 0, 11, 10], // 1: IoU 90/110 = 0.818 with 0
    [5, 0, 15, 10], // 2: IoU 50/150 = 0.333 with 0, 60/140 = 0.43 with 1
    [50, 50, 60, 60], // 3: apart
  ];
  const scores = [0.9, 0.95, 0.8, 0.1];

  it("keeps the best box of each overlapping group, best first", () => {
    // 1 (0.95) suppresses 0 (IoU 0.818 > 0.5), not 2 (0.43); 3 is apart.
    expect(Array.from(nms(boxes, scores, null, { iouThreshold: 0.5 }))).toEqual([1, 2, 3]);
    // At 0.4, box 2 (IoU 0.43 with 1) goes too.
    expect(Array.from(nms(boxes, scores, null, { iouThreshold: 0.4 }))).toEqual([1, 3]);
  });

  it("never lets one class suppress another", () => {
    expect(Array.from(nms(boxes, scores, [0, 1, 0, 0], { iouThreshold: 0.3 }))).toEqual([1, 0, 3]);
  });

  it("suppresses only above the threshold (IoU equal to it survives)", () => {
    // IoU exactly 1/3 (50 / 150) between [0,0,10,10] and [5,0,15,10].
    expect(Array.from(nms([[0, 0, 10, 10], [5, 0, 15, 10]], [1, 0.5], null, { iouThreshold: 1 / 3 }))).toEqual([0, 1]);
    expect(Array.from(nms([[0, 0, 10, 10], [5, 0, 15, 10]], [1, 0.5], null, { iouThreshold: 0.33 }))).toEqual([0]);
  });

  it("breaks score ties by index, caps at maxDetections, drops low scores", () => {
    const apart = [[0, 0, 1, 1], [5, 5, 6, 6], [9, 9, 10, 10]];
    expect(Array.from(nms(apart, [0.5, 0.7, 0.5]))).toEqual([1, 0, 2]);
    expect(Array.from(nms(apart, [0.5, 0.7, 0.5], null, { maxDetections: 2 }))).toEqual([1, 0]);
    expect(Array.from(nms(apart, [0.5, 0.7, 0.4], null, { scoreThreshold: 0.45 }))).toEqual([1, 0]);
    expect(Array.from(nms([], []))).toEqual([]);
  });

  it("names the argument and index of bad input", () => {
    expect(() => nms([[0, 0, 1, 1]], [0.5, 0.2])).toThrow("nms: scores has 2 entries but there are 1 boxes");
    expect(() => nms([[0, 0, 1, 1], [0, 3, 1, 2]], [0.5, 0.2])).toThrow("nms: boxes[1]: y2 = 2 is less than y1 = 3");
    expect(() => nms([[0, 0, 1, 1]], [Infinity])).toThrow("nms: scores[0]: expected a finite number, got Infinity");
    expect(() => nms([[0, 0, 1, 1]], [1], [NaN])).toThrow("nms: classes[0]: expected a finite number (class label), got NaN");
    expect(() => nms([[0, 0, 1, 1]], [1], null, { iouThreshold: 1.5 })).toThrow("nms: iouThreshold must be a number in [0, 1], got 1.5");
    expect(() => nms([[0, 0, 1, 1]], [1], null, { maxDetections: 0 })).toThrow("nms: maxDetections must be a positive integer (or Infinity), got 0");
  });
});

describe("nms against the float64 Python reference (per-class greedy NMS, merged by score)", () => {
  const cases = nmsFixtures();
  it.each(cases.flatMap((c) => c.nms.map((s) => [c.seed, c.boxes.length, s.iou_threshold, s.max_detections, c, s] as const)))(
    "seed %i, %i boxes, IoU threshold %s, max %s",
    (_seed, _n, _thr, _max, c, setting) => {
      const kept = nms(c.boxes, c.scores, c.classes, { iouThreshold: setting.iou_threshold, maxDetections: setting.max_detections ?? Infinity });
      expect(Array.from(kept)).toEqual(setting.keep);
    },
  );

  it("takes flat Float64Array boxes and typed scores and classes too", () => {
    const c = cases[0]!;
    const flat = new Float64Array(c.boxes.flat());
    expect(Array.from(nms(flat, Float64Array.from(c.scores), Int32Array.from(c.classes)))).toEqual(c.nms[0]!.keep);
  });
});
