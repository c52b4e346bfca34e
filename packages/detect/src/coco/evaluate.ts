import { accumulate } from "./accumulate.js";
import { checkDetections } from "./check-detections.js";
import { checkGroundTruth } from "./check-ground-truth.js";
import { evaluateImage, type ImageEvaluation } from "./evaluate-image.js";
import { groupByKey } from "./group.js";
import { AREA_RANGES, IOU_THRESHOLDS, MAX_DETECTIONS, RECALL_THRESHOLDS } from "./params.js";
import { perClassAp, summarize } from "./summarize.js";
import type { CocoClassAp, CocoDetection, CocoGroundTruth, CocoStats } from "./types.js";

export interface CocoEvalOptions {
  /** Names for the two inputs in error messages, e.g. their file names (default "ground truth", "detections"). */
  source?: { groundTruth?: string; detections?: string };
}

export interface CocoEvaluation {
  /** The 12 summary numbers (`COCOeval.stats`). */
  stats: CocoStats;
  /** AP per category, ids ascending. */
  perClass: CocoClassAp[];
  /** `[T, R, K, A, M]` = [10 IoU thresholds, 101 recall thresholds, categories by id, 4 area ranges, 3 max detections]; -1 where a category has no counted ground truth. */
  precision: Float64Array;
  /** `[T, K, A, M]`, -1 likewise. */
  recall: Float64Array;
  iouThresholds: Float64Array;
  recallThresholds: Float64Array;
  /** Category ids in the order of the K axis. */
  categoryIds: number[];
  areaRanges: ReadonlyArray<{ label: string; min: number; max: number }>;
  maxDetections: readonly number[];
}

/**
 * COCO bbox evaluation, the numbers pycocotools' `COCOeval(gt, dt, "bbox")` computes with
 * `evaluate()`, `accumulate()` and `summarize()` under the default parameters. Both inputs are
 * validated (COCO's JSON shapes); a detection naming an image or category not in the ground
 * truth is an error. Empty `detections` give AP 0 for every category with ground truth.
 */
export function evaluateCoco(groundTruth: CocoGroundTruth, detections: readonly CocoDetection[], options: CocoEvalOptions = {}): CocoEvaluation {
  const gt = checkGroundTruth(groundTruth, options.source?.groundTruth);
  const dt = checkDetections(detections, gt, options.source?.detections);
  const I = gt.imageIds.length;
  const K = gt.categoryIds.length;
  const gtByKey = groupByKey(gt.annotations.count, K * I, (n) => gt.annotations.categoryIndex[n]! * I + gt.annotations.imageIndex[n]!);
  const dtByKey = groupByKey(dt.count, K * I, (n) => dt.categoryIndex[n]! * I + dt.imageIndex[n]!);
  const perImage: Array<ImageEvaluation | null> = new Array(K * I);
  for (let key = 0; key < K * I; key++) {
    const gts = gtByKey.items.subarray(gtByKey.start[key]!, gtByKey.start[key + 1]!);
    const dets = dtByKey.items.subarray(dtByKey.start[key]!, dtByKey.start[key + 1]!);
    perImage[key] = evaluateImage(gt, dt, gts, dets);
  }
  const accumulated = accumulate(perImage, K, I);
  return {
    stats: summarize(accumulated, K),
    perClass: perClassAp(accumulated, gt.categoryIds, gt.categoryNames),
    precision: accumulated.precision,
    recall: accumulated.recall,
    iouThresholds: IOU_THRESHOLDS.slice(),
    recallThresholds: RECALL_THRESHOLDS.slice(),
    categoryIds: gt.categoryIds,
    areaRanges: AREA_RANGES,
    maxDetections: MAX_DETECTIONS,
  };
}
