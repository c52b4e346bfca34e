import { describe, expect, it } from "vitest";
import { evaluateCoco } from "./evaluate.js";
import { CocoFormatError } from "./format-error.js";
import type { CocoDetection, CocoGroundTruth } from "./types.js";

const groundTruth = (): CocoGroundTruth => ({
  images: [{ id: 1, width: 64, height: 64 }, { id: 2 }],
  categories: [{ id: 3, name: "three" }, { id: 5, name: "five" }],
  annotations: [
    { id: 1, image_id: 1, category_id: 3, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
    { id: 2, image_id: 2, category_id: 5, bbox: [5, 5, 10, 20], area: 200 },
  ],
});
const detections = (): CocoDetection[] => [{ image_id: 1, category_id: 3, bbox: [0, 0, 10, 10], score: 0.9 }];
const source = { groundTruth: "gt.json", detections: "dets.json" };

/** The error evaluateCoco throws for this input (it must throw a CocoFormatError). */
function errorFor(gt: unknown, dets: unknown): string {
  try {
    evaluateCoco(gt as CocoGroundTruth, dets as CocoDetection[], { source });
  } catch (error) {
    expect(error).toBeInstanceOf(CocoFormatError);
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

describe("evaluateCoco input checks", () => {
  it("accepts the valid input (iscrowd may be left out)", () => {
    expect(evaluateCoco(groundTruth(), detections()).stats.map_50).toBeGreaterThan(-1);
  });

  it("names the detections file, the index and the field", () => {
    const bad = detections();
    bad.push({ image_id: 1, category_id: 3, bbox: [1, 2, 3], score: 0.5 });
    expect(errorFor(groundTruth(), bad)).toBe("dets.json: [1].bbox: expected 4 finite numbers [x, y, width, height], got [1,2,3]");
    expect(errorFor(groundTruth(), [{ image_id: 7, category_id: 3, bbox: [0, 0, 1, 1], score: 1 }])).toBe("dets.json: [0].image_id: image 7 is not in the ground truth's images");
    expect(errorFor(groundTruth(), [{ image_id: 1, category_id: 4, bbox: [0, 0, 1, 1], score: 1 }])).toBe("dets.json: [0].category_id: category 4 is not in the ground truth's categories");
    expect(errorFor(groundTruth(), [{ image_id: 1, category_id: 3, bbox: [0, 0, 1, 1] }])).toBe("dets.json: [0].score: expected a finite number, got nothing (missing)");
    expect(errorFor(groundTruth(), [{ image_id: 1, category_id: 3, bbox: [0, 0, -1, 1], score: 1 }])).toBe("dets.json: [0].bbox: width and height must be >= 0, got [0,0,-1,1]");
    expect(errorFor(groundTruth(), { annotations: [] })).toBe('dets.json: expected an array of detections [{image_id, category_id, bbox, score}], got {"annotations":[]}');
  });

  it("names the ground-truth file and field", () => {
    const cases: Array<[(gt: CocoGroundTruth) => unknown, string]> = [
      [() => [], "gt.json: expected a COCO ground-truth object { images, annotations, categories }, got []"],
      [(gt) => ({ ...gt, images: undefined }), "gt.json: images: expected an array, got nothing (missing)"],
      [(gt) => ({ ...gt, images: [{ id: 1 }, { id: 1 }] }), "gt.json: images[1].id: image id 1 appears twice"],
      [(gt) => ({ ...gt, images: [{ id: "1" }] }), 'gt.json: images[0].id: expected an integer id, got "1"'],
      [(gt) => ({ ...gt, categories: [{ id: 3, name: 3 }] }), "gt.json: categories[0].name: expected a string, got 3"],
      [(gt) => ({ ...gt, annotations: [{ ...gt.annotations[0]!, image_id: 9 }] }), "gt.json: annotations[0].image_id: image 9 is not in images"],
      [(gt) => ({ ...gt, annotations: [{ ...gt.annotations[0]!, category_id: 4 }] }), "gt.json: annotations[0].category_id: category 4 is not in categories"],
      [(gt) => ({ ...gt, annotations: [gt.annotations[0], { ...gt.annotations[1]!, id: 1 }] }), "gt.json: annotations[1].id: annotation id 1 appears twice"],
      [(gt) => ({ ...gt, annotations: [{ ...gt.annotations[0]!, id: 0 }] }), "gt.json: annotations[0].id: annotation ids must not be 0"],
      [(gt) => ({ ...gt, annotations: [{ ...gt.annotations[0]!, area: undefined }] }), "gt.json: annotations[0].area: expected a finite number >= 0 (the object's area in square pixels), got nothing (missing)"],
      [(gt) => ({ ...gt, annotations: [{ ...gt.annotations[0]!, iscrowd: 2 }] }), "gt.json: annotations[0].iscrowd: expected 0 or 1, got 2"],
      [(gt) => ({ ...gt, annotations: [{ ...gt.annotations[0]!, bbox: [0, 0, 1, null] }] }), "gt.json: annotations[0].bbox: expected 4 finite numbers [x, y, width, height], got [0,0,1,null]"],
    ];
    for (const [change, message] of cases) expect(errorFor(change(groundTruth()), detections())).toContain(message);
  });
});
