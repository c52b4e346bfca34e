import type { ImageEvaluation } from "./evaluate-image.js";
import { AREA_RANGES, IOU_THRESHOLDS, MAX_DETECTIONS, RECALL_THRESHOLDS } from "./params.js";

/** pycocotools' `np.spacing(1)`: keeps precision 0/0 at 0. */
const EPS = 2.220446049250313e-16;

export interface Accumulated {
  /** `[T, R, K, A, M]`, -1 where the category has no counted ground truth (pycocotools' `eval["precision"]`). */
  precision: Float64Array;
  /** `[T, K, A, M]`, -1 likewise (`eval["recall"]`). */
  recall: Float64Array;
}

/**
 * pycocotools' `accumulate`: per category, area range and max detections, the detections of
 * every image ranked by score (stable, images in id order), then 101-point interpolated
 * precision and the final recall at each IoU threshold. `perImage[k * I + i]`.
 */
export function accumulate(perImage: ReadonlyArray<ImageEvaluation | null>, categoryCount: number, imageCount: number): Accumulated {
  const [T, R, K, A, M] = [IOU_THRESHOLDS.length, RECALL_THRESHOLDS.length, categoryCount, AREA_RANGES.length, MAX_DETECTIONS.length];
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  for (let k = 0; k < K; k++) {
    const images: ImageEvaluation[] = [];
    for (let i = 0; i < imageCount; i++) {
      const evaluation = perImage[k * imageCount + i];
      if (evaluation) images.push(evaluation);
    }
    if (images.length === 0) continue;
    for (let m = 0; m < M; m++) {
      const ranked = rankDetections(images, MAX_DETECTIONS[m]!);
      const nd = ranked.image.length;
      for (let a = 0; a < A; a++) {
        const counted = images.reduce((sum, e) => sum + e.countedGt[a]!, 0);
        if (counted === 0) continue;
        const rc = new Float64Array(nd);
        const pr = new Float64Array(nd);
        for (let t = 0; t < T; t++) {
          let tp = 0;
          let fp = 0;
          for (let n = 0; n < nd; n++) {
            const e = images[ranked.image[n]!]!;
            const D = e.scores.length;
            const at = (a * T + t) * D + ranked.position[n]!;
            if (!e.ignored[at]) {
              if (e.matched[at]) tp++;
              else fp++;
            }
            rc[n] = tp / counted;
            pr[n] = tp / (fp + tp + EPS);
          }
          recall[((t * K + k) * A + a) * M + m] = nd > 0 ? rc[nd - 1]! : 0;
          // Precision made non-increasing from the right (the interpolated envelope).
          for (let n = nd - 1; n > 0; n--) if (pr[n]! > pr[n - 1]!) pr[n - 1] = pr[n]!;
          // At each recall threshold: the precision at the first rank reaching it (searchsorted, left); 0 if none does.
          let n = 0;
          for (let r = 0; r < R; r++) {
            while (n < nd && rc[n]! < RECALL_THRESHOLDS[r]!) n++;
            precision[(((t * R + r) * K + k) * A + a) * M + m] = n < nd ? pr[n]! : 0;
          }
        }
      }
    }
  }
  return { precision, recall };
}

/** Each image's first `maxDet` detections, concatenated in image order, ranked by score with a stable sort (NumPy mergesort). */
function rankDetections(images: readonly ImageEvaluation[], maxDet: number): { image: Int32Array; position: Int32Array } {
  let total = 0;
  for (const e of images) total += Math.min(e.scores.length, maxDet);
  const image = new Int32Array(total);
  const position = new Int32Array(total);
  const score = new Float64Array(total);
  let n = 0;
  images.forEach((e, i) => {
    for (let d = 0; d < Math.min(e.scores.length, maxDet); d++, n++) {
      image[n] = i;
      position[n] = d;
      score[n] = e.scores[d]!;
    }
  });
  const order = new Int32Array(total);
  for (let j = 0; j < total; j++) order[j] = j;
  order.sort((x, y) => score[y]! - score[x]! || x - y);
  return { image: order.map((j) => image[j]!), position: order.map((j) => position[j]!) };
}
