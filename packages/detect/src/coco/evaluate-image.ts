import { cocoBboxIou } from "./bbox-iou.js";
import type { CheckedDetections, CheckedGroundTruth } from "./checked.js";
import { AREA_RANGES, IOU_THRESHOLDS, MAX_DETECTIONS } from "./params.js";

/** What pycocotools' `evaluateImg` keeps for one image and category, for every area range at once. */
export interface ImageEvaluation {
  /** The image's top-100 detections' scores, highest first (`dtScores`). */
  scores: Float64Array;
  /** `[A, T, D]`: 1 where the detection matched a ground truth (`dtMatches != 0`). */
  matched: Uint8Array;
  /** `[A, T, D]`: 1 where the detection is ignored (`dtIgnore`). */
  ignored: Uint8Array;
  /** `[A]`: ground truths not ignored (`count_nonzero(gtIgnore == 0)`). */
  countedGt: Int32Array;
}

const T = IOU_THRESHOLDS.length;
const A = AREA_RANGES.length;
const MAX_DET = MAX_DETECTIONS[MAX_DETECTIONS.length - 1];
/** pycocotools caps a match's IoU threshold just below 1 so IoU 1 still matches at "1.0". */
const IOU_CAP = 1 - 1e-10;

/**
 * pycocotools' `computeIoU` + `evaluateImg` for one image and category, all area ranges.
 * `gts` and `dets` are annotation / detection indices in file order. Null when both are empty
 * (pycocotools' `None`, skipped by accumulate).
 */
export function evaluateImage(
  groundTruth: CheckedGroundTruth,
  detections: CheckedDetections,
  gts: Int32Array,
  dets: Int32Array,
): ImageEvaluation | null {
  const G = gts.length;
  if (G === 0 && dets.length === 0) return null;
  // Highest score first, file order among equal scores (NumPy's stable mergesort), top 100.
  const sortedDets = Array.from(dets)
    .sort((i, j) => detections.score[j]! - detections.score[i]! || i - j)
    .slice(0, MAX_DET);
  const D = sortedDets.length;
  const scores = Float64Array.from(sortedDets, (d) => detections.score[d]!);
  const { crowd, area, bbox } = groundTruth.annotations;
  const ious = new Float64Array(D * G); // [D, G], ground truths in file order
  cocoBboxIou(detections.bbox, sortedDets, bbox, gts, crowd, ious);

  const matched = new Uint8Array(A * T * D);
  const ignored = new Uint8Array(A * T * D);
  const countedGt = new Int32Array(A);
  const gtIgnore = new Uint8Array(G); // by sorted position
  const gtOrder = new Int32Array(G); // sorted position -> file position
  const gtTaken = new Uint8Array(T * G); // [T, G] by sorted position
  for (let a = 0; a < A; a++) {
    const range = AREA_RANGES[a]!;
    // Ground truths not ignored first, then ignored ones, each in file order (stable sort).
    let position = 0;
    for (const wantIgnored of [0, 1]) {
      for (let g = 0; g < G; g++) {
        const n = gts[g]!;
        const ignore = crowd[n] === 1 || area[n]! < range.min || area[n]! > range.max ? 1 : 0;
        if (ignore !== wantIgnored) continue;
        gtOrder[position] = g;
        gtIgnore[position] = ignore;
        position++;
      }
    }
    countedGt[a] = gtIgnore.reduce((count, ignore) => count + (ignore === 0 ? 1 : 0), 0);
    gtTaken.fill(0);
    const base = a * T * D;
    if (D > 0 && G > 0) {
      for (let t = 0; t < T; t++) {
        for (let d = 0; d < D; d++) {
          let best = Math.min(IOU_THRESHOLDS[t]!, IOU_CAP);
          let match = -1;
          for (let p = 0; p < G; p++) {
            // A ground truth matches once, unless it is a crowd region.
            if (gtTaken[t * G + p] && crowd[gts[gtOrder[p]!]!] !== 1) continue;
            // Matched to a counted ground truth already: the ignored ones (sorted last) cannot beat it.
            if (match > -1 && gtIgnore[match] === 0 && gtIgnore[p] === 1) break;
            const overlap = ious[d * G + gtOrder[p]!]!;
            if (overlap < best) continue; // equal IoU: the later ground truth wins, as in pycocotools
            best = overlap;
            match = p;
          }
          if (match === -1) continue;
          ignored[base + t * D + d] = gtIgnore[match]!;
          matched[base + t * D + d] = 1;
          gtTaken[t * G + match] = 1;
        }
      }
    }
    // Unmatched detections outside the area range are ignored (area = w * h, as loadRes sets it).
    for (let d = 0; d < D; d++) {
      const o = sortedDets[d]! * 4;
      const detArea = detections.bbox[o + 2]! * detections.bbox[o + 3]!;
      if (detArea >= range.min && detArea <= range.max) continue;
      for (let t = 0; t < T; t++) if (!matched[base + t * D + d]) ignored[base + t * D + d] = 1;
    }
  }
  return { scores, matched, ignored, countedGt };
}
