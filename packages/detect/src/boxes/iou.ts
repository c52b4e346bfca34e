import { checkBox, readBoxes, type BoxesInput } from "./read-boxes.js";

/** Area of box `i` of a flat `[n, 4]` array. */
export function boxArea(boxes: Float64Array, i: number): number {
  const o = i * 4;
  return (boxes[o + 2]! - boxes[o]!) * (boxes[o + 3]! - boxes[o + 1]!);
}

/**
 * IoU of box `i` of `a` and box `j` of `b` (flat `[n, 4]` arrays) given their areas. Two boxes
 * with a zero union (both empty) have IoU 0, not NaN.
 */
export function iouAt(a: Float64Array, i: number, areaA: number, b: Float64Array, j: number, areaB: number): number {
  const p = i * 4;
  const q = j * 4;
  const w = Math.min(a[p + 2]!, b[q + 2]!) - Math.max(a[p]!, b[q]!);
  if (w <= 0) return 0;
  const h = Math.min(a[p + 3]!, b[q + 3]!) - Math.max(a[p + 1]!, b[q + 1]!);
  if (h <= 0) return 0;
  const inter = w * h;
  const union = areaA + areaB - inter;
  return union > 0 ? inter / union : 0;
}

/** Intersection over union of two `[x1, y1, x2, y2]` boxes (0 when they do not overlap). */
export function iou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkBox(a, "iou: a");
  checkBox(b, "iou: b");
  const boxes = Float64Array.of(a[0]!, a[1]!, a[2]!, a[3]!, b[0]!, b[1]!, b[2]!, b[3]!); // [2, 4]
  return iouAt(boxes, 0, boxArea(boxes, 0), boxes, 1, boxArea(boxes, 1));
}

/** IoU of every box of `a` with every box of `b`: a row-major `[a.length, b.length]` matrix. */
export function pairwiseIou(a: BoxesInput, b: BoxesInput): Float64Array {
  const boxesA = readBoxes(a, "pairwiseIou", "a");
  const boxesB = readBoxes(b, "pairwiseIou", "b");
  const n = boxesA.length / 4;
  const m = boxesB.length / 4;
  const areasB = new Float64Array(m);
  for (let j = 0; j < m; j++) areasB[j] = boxArea(boxesB, j);
  const out = new Float64Array(n * m); // [n, m]
  for (let i = 0; i < n; i++) {
    const areaA = boxArea(boxesA, i);
    for (let j = 0; j < m; j++) out[i * m + j] = iouAt(boxesA, i, areaA, boxesB, j, areasB[j]!);
  }
  return out;
}
