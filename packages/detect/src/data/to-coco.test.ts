import { describe, expect, it } from "vitest";
import { evaluateCoco } from "../coco/evaluate.js";
import { makeCanvasSet } from "./canvas-set.js";
import { blockSplit, random } from "./test-split.test-helpers.js";
import { toCocoGroundTruth, type CanvasLabels } from "./to-coco.js";

describe("toCocoGroundTruth", () => {
  it("writes COCO's shapes: images from id 1, annotations from id 1, bbox [x, y, w, h], area w * h, category id = digit", () => {
    const canvases: CanvasLabels[] = [
      {
        width: 64,
        height: 48,
        polarity: "dark-on-light",
        objects: [
          { box: [2, 3, 12, 20], digit: 7, sourceIndex: 11, scale: 1 },
          { box: [30, 5, 41, 25], digit: 0, sourceIndex: 4, scale: 1.25 },
        ],
      },
      { width: 32, height: 32, objects: [] },
      { width: 16, height: 24, objects: [{ box: [0, 0, 16, 24], digit: 9, sourceIndex: 0, scale: 0.5 }] },
    ];
    const gt = toCocoGroundTruth(canvases, ["images/0.png", "images/1.png", "images/2.png"]);
    expect(gt.images).toEqual([
      { id: 1, file_name: "images/0.png", width: 64, height: 48, polarity: "dark-on-light" },
      { id: 2, file_name: "images/1.png", width: 32, height: 32 },
      { id: 3, file_name: "images/2.png", width: 16, height: 24 },
    ]);
    expect(gt.annotations).toEqual([
      { id: 1, image_id: 1, category_id: 7, bbox: [2, 3, 10, 17], area: 170, iscrowd: 0, source_index: 11 },
      { id: 2, image_id: 1, category_id: 0, bbox: [30, 5, 11, 20], area: 220, iscrowd: 0, source_index: 4 },
      { id: 3, image_id: 3, category_id: 9, bbox: [0, 0, 16, 24], area: 384, iscrowd: 0, source_index: 0 },
    ]);
    expect(gt.categories).toEqual(Array.from({ length: 10 }, (_, d) => ({ id: d, name: String(d) })));
    expect(() => toCocoGroundTruth(canvases, ["a.png"])).toThrow("toCocoGroundTruth: fileNames has 1 names but there are 3 canvases");
  });

  it("evaluateCoco reads it: the ground truth as detections (score 1) has mAP 1", () => {
    const canvases = makeCanvasSet(blockSplit(30), { count: 12, seed: 7, width: 96, height: 80, minDigits: 1, maxDigits: 5, scale: [0.6, 2] }, random);
    const gt = toCocoGroundTruth(canvases, canvases.map((_, k) => `${k}.png`));
    expect(gt.annotations.length).toBeGreaterThan(20);
    const detections = gt.annotations.map((a) => ({ image_id: a.image_id, category_id: a.category_id, bbox: a.bbox, score: 1 }));
    const { stats, perClass } = evaluateCoco(gt, detections);
    expect([stats.map, stats.map_50, stats.map_75, stats.mar_100]).toEqual([1, 1, 1, 1]);
    const present = new Set(gt.annotations.map((a) => a.category_id));
    for (const c of perClass) expect(c.ap).toBe(present.has(c.categoryId) ? 1 : -1);
    // And a detection one pixel off everywhere is not perfect at IoU 0.95: the boxes are what is measured.
    const shifted = detections.map((d) => ({ ...d, bbox: [d.bbox[0]! + 1, d.bbox[1]!, d.bbox[2]!, d.bbox[3]!] }));
    expect(evaluateCoco(gt, shifted).stats.map).toBeLessThan(1);
  });
});
