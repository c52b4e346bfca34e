import { describe, expect, it } from "vitest";
import { cocoFixtures, detectionsOf, groundTruthOf } from "../fixtures/load.js";
import { evaluateCoco } from "./evaluate.js";
import { IOU_THRESHOLDS, RECALL_THRESHOLDS } from "./params.js";
import { formatCocoSummary } from "./summarize.js";
import type { CocoStats } from "./types.js";

const fixtures = cocoFixtures();
const STAT_KEYS: Array<keyof CocoStats> = ["map", "map_50", "map_75", "map_small", "map_medium", "map_large", "mar_1", "mar_10", "mar_100", "mar_small", "mar_medium", "mar_large"];
const TOLERANCE = 1e-12;

describe(`evaluateCoco against pycocotools ${fixtures.pycocotools} (numpy ${fixtures.numpy})`, () => {
  it("uses pycocotools' IoU and recall thresholds bit for bit", () => {
    expect(Array.from(IOU_THRESHOLDS)).toEqual(fixtures.iou_thresholds);
    expect(Array.from(RECALL_THRESHOLDS)).toEqual(fixtures.recall_thresholds);
  });

  it("covers the cases the issue asks for", () => {
    const names = fixtures.cases.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["empty-detections", "crowds", "over-100-per-image", "ties", "no-ground-truth"]));
    const crowded = fixtures.cases.find((c) => c.name === "over-100-per-image")!;
    const perImageCategory = new Map<string, number>();
    for (const [image, category] of crowded.detections) perImageCategory.set(`${image}/${category}`, (perImageCategory.get(`${image}/${category}`) ?? 0) + 1);
    expect(Math.max(...perImageCategory.values())).toBeGreaterThan(100);
  });

  it.each(fixtures.cases.map((c) => [c.name, c] as const))("%s: the 12 numbers and per-class AP equal pycocotools' to 1e-12", (_name, c) => {
    const result = evaluateCoco(groundTruthOf(c), detectionsOf(c));
    STAT_KEYS.forEach((key, s) => expect(Math.abs(result.stats[key] - c.expected.stats[s]!), key).toBeLessThanOrEqual(TOLERANCE));
    expect(result.perClass.map((p) => p.categoryId)).toEqual(c.expected.per_class.map((p) => p.category_id));
    result.perClass.forEach((p, k) => {
      expect(Math.abs(p.ap - c.expected.per_class[k]!.ap), `AP of category ${p.categoryId}`).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(p.ap50 - c.expected.per_class[k]!.ap50), `AP50 of category ${p.categoryId}`).toBeLessThanOrEqual(TOLERANCE);
    });
    expect(formatCocoSummary(result.stats) + "\n").toBe(c.expected.summary);
  });

  it.each(fixtures.cases.filter((c) => c.expected.recall).map((c) => [c.name, c] as const))(
    "%s: recall and precision for every IoU, category, area range and max detections equal pycocotools'",
    (_name, c) => {
      const result = evaluateCoco(groundTruthOf(c), detectionsOf(c));
      const [T, R, K, A, M] = [10, 101, c.categories.length, 4, 3];
      const recall = c.expected.recall!;
      const precisionSums = c.expected.precision_sum_over_recall!;
      expect(result.recall).toHaveLength(T * K * A * M);
      let worst = 0;
      for (let t = 0; t < T; t++)
        for (let k = 0; k < K; k++)
          for (let a = 0; a < A; a++)
            for (let m = 0; m < M; m++) {
              const at = ((t * K + k) * A + a) * M + m;
              let sum = 0;
              for (let r = 0; r < R; r++) sum += result.precision[(((t * R + r) * K + k) * A + a) * M + m]!;
              worst = Math.max(worst, Math.abs(result.recall[at]! - recall[at]!), Math.abs(sum - precisionSums[at]!) / R);
            }
      expect(worst).toBeLessThanOrEqual(TOLERANCE);
    },
  );

  it("does not depend on the order of the detections file beyond pycocotools' own tie-breaking", () => {
    // Reversing the file keeps every score-distinct ranking; a case without equal scores must not move at all.
    const c = fixtures.cases.find((x) => x.name === "good-detector")!;
    const distinct = detectionsOf(c).map((d, n) => ({ ...d, score: d.score + n * 1e-9 }));
    const forward = evaluateCoco(groundTruthOf(c), distinct);
    const backward = evaluateCoco(groundTruthOf(c), [...distinct].reverse());
    expect(backward.stats).toEqual(forward.stats);
  });
});

describe("evaluateCoco on hand-computed cases", () => {
  const groundTruth = {
    images: [{ id: 1, width: 100, height: 100 }],
    categories: [{ id: 1, name: "digit" }],
    annotations: [
      { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
      { id: 2, image_id: 1, category_id: 1, bbox: [50, 50, 10, 10], area: 100, iscrowd: 0 },
    ],
  };

  it("perfect detections give AP 1 and AR 1; -1 for the empty area ranges", () => {
    const dets = groundTruth.annotations.map((a) => ({ image_id: 1, category_id: 1, bbox: a.bbox, score: 0.9 }));
    const { stats } = evaluateCoco(groundTruth, dets);
    expect(stats.map).toBe(1);
    expect(stats.mar_100).toBe(1);
    expect(stats.mar_1).toBe(0.5); // one detection per image: one of the two objects
    expect(stats.map_small).toBe(1);
    expect(stats.map_medium).toBe(-1);
    expect(stats.map_large).toBe(-1);
  });

  it("a false positive ranked first: precision 1/2 at recall 1/2, 2/3 from there to 1", () => {
    const dets = [
      { image_id: 1, category_id: 1, bbox: [20, 20, 10, 10], score: 0.95 },
      { image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], score: 0.9 },
      { image_id: 1, category_id: 1, bbox: [50, 50, 10, 10], score: 0.8 },
    ];
    const { stats } = evaluateCoco(groundTruth, dets);
    // Interpolated precision is 2/3 at every recall threshold 0..1 (101 of them); 2/3 - 2^-52-ish from the eps in pycocotools' tp / (tp + fp + eps).
    expect(stats.map_50).toBeCloseTo(2 / 3, 12);
    expect(stats.map).toBeCloseTo(2 / 3, 12);
  });

  it("a detection on a crowd region is neither a true nor a false positive", () => {
    const withCrowd = {
      ...groundTruth,
      annotations: [...groundTruth.annotations, { id: 3, image_id: 1, category_id: 1, bbox: [70, 70, 30, 30], area: 900, iscrowd: 1 }],
    };
    const dets = [
      { image_id: 1, category_id: 1, bbox: [75, 75, 5, 5], score: 0.99 }, // inside the crowd: IoU = 25 / 25 = 1 (over the detection's area)
      { image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], score: 0.5 },
      { image_id: 1, category_id: 1, bbox: [50, 50, 10, 10], score: 0.4 },
    ];
    expect(evaluateCoco(withCrowd, dets).stats.map).toBe(1);
  });
});
