import { splitByClass } from "./class-groups.js";
import { maxDetectionsOption, numberOption, readClasses } from "./options.js";
import { orderByScore } from "./order.js";
import { readBoxes, readFiniteNumbers, type BoxesInput } from "./read-boxes.js";

export interface NmsOptions {
  /** A box is suppressed when its IoU with a kept box of the same class is above this (default 0.5). */
  iouThreshold?: number;
  /** Keep at most this many boxes, the highest-scoring (default Infinity). */
  maxDetections?: number;
  /** Boxes scoring below this are dropped before NMS (default -Infinity: none). */
  scoreThreshold?: number;
}

/**
 * Class-wise greedy non-maximum suppression: boxes are visited by score, highest first (ties:
 * lower index first); each kept box suppresses the later boxes of its class whose IoU with it is
 * above `iouThreshold`. Boxes of different classes never suppress each other (like torchvision's
 * `batched_nms`); `classes` null or left out puts every box in one class. Returns the kept
 * indices, highest score first.
 */
export function nms(boxes: BoxesInput, scores: ArrayLike<number>, classes?: ArrayLike<number> | null, options: NmsOptions = {}): Int32Array {
  const flat = readBoxes(boxes, "nms");
  const n = flat.length / 4;
  const score = readFiniteNumbers(scores, n, "nms", "scores");
  const label = readClasses(classes, n, "nms");
  const iouThreshold = numberOption("nms", "iouThreshold", options.iouThreshold ?? 0.5, 0, 1);
  const maxDetections = maxDetectionsOption("nms", options.maxDetections ?? Infinity);
  const scoreThreshold = numberOption("nms", "scoreThreshold", options.scoreThreshold ?? -Infinity, -Infinity, Infinity);

  const order = orderByScore(score);
  let candidates = 0; // sorted: the boxes at or above the score threshold come first
  while (candidates < n && score[order[candidates]!]! >= scoreThreshold) candidates++;
  const kept = new Uint8Array(n);
  for (const group of splitByClass(order.subarray(0, candidates), label)) keepGreedy(flat, group, iouThreshold, kept);
  const out: number[] = [];
  for (let p = 0; p < candidates && out.length < maxDetections; p++) if (kept[order[p]!]) out.push(order[p]!);
  return Int32Array.from(out);
}

/** Greedy NMS within one class: `group` holds box indices by score; marks survivors in `kept`. */
function keepGreedy(flat: Float64Array, group: Int32Array, iouThreshold: number, kept: Uint8Array): void {
  const m = group.length;
  // The group's coordinates in score order: the O(m^2) loop below reads them sequentially.
  const [x1, y1, x2, y2, area] = [new Float64Array(m), new Float64Array(m), new Float64Array(m), new Float64Array(m), new Float64Array(m)];
  for (let p = 0; p < m; p++) {
    const o = group[p]! * 4;
    x1[p] = flat[o]!;
    y1[p] = flat[o + 1]!;
    x2[p] = flat[o + 2]!;
    y2[p] = flat[o + 3]!;
    area[p] = (x2[p]! - x1[p]!) * (y2[p]! - y1[p]!);
  }
  const suppressed = new Uint8Array(m);
  for (let p = 0; p < m; p++) {
    if (suppressed[p]) continue;
    kept[group[p]!] = 1;
    const [ax1, ay1, ax2, ay2, aArea] = [x1[p]!, y1[p]!, x2[p]!, y2[p]!, area[p]!];
    for (let q = p + 1; q < m; q++) {
      if (suppressed[q]) continue;
      const w = Math.min(ax2, x2[q]!) - Math.max(ax1, x1[q]!);
      if (w <= 0) continue;
      const h = Math.min(ay2, y2[q]!) - Math.max(ay1, y1[q]!);
      if (h <= 0) continue;
      const inter = w * h;
      const union = aArea + area[q]! - inter;
      if (union > 0 && inter / union > iouThreshold) suppressed[q] = 1;
    }
  }
}
