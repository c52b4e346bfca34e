import { splitByClass } from "./class-groups.js";
import { maxDetectionsOption, numberOption, readClasses } from "./options.js";
import { readBoxes, readFiniteNumbers, type BoxesInput } from "./read-boxes.js";

export interface SoftNmsOptions {
  /** How an overlapping box's score decays (default "gaussian"). */
  method?: "linear" | "gaussian";
  /** Gaussian: score *= exp(-IoU^2 / sigma) (default 0.5). */
  sigma?: number;
  /** Linear: score *= 1 - IoU when IoU > iouThreshold, else unchanged (default 0.3). */
  iouThreshold?: number;
  /** Boxes whose score is (or decays) below this are dropped (default 0.001). */
  scoreThreshold?: number;
  /** Select at most this many boxes (default Infinity). */
  maxDetections?: number;
}

export interface SoftNmsResult {
  /** The selected boxes' indices, by decayed score, highest first (ties: lower index first). */
  indices: Int32Array;
  /** Their decayed scores, same order. */
  scores: Float64Array;
}

interface Decay {
  method: "linear" | "gaussian";
  sigma: number;
  iouThreshold: number;
  scoreThreshold: number;
  maxDetections: number;
}

/**
 * Class-wise soft-NMS (Bodla et al., "Soft-NMS: Improving Object Detection With One Line of
 * Code", ICCV 2017): repeatedly select the box with the highest current score, then decay the
 * scores of the remaining boxes of its class by their IoU with it instead of removing them.
 * Ties select the lower index. O(n^2) time, O(n) memory.
 */
export function softNms(boxes: BoxesInput, scores: ArrayLike<number>, classes?: ArrayLike<number> | null, options: SoftNmsOptions = {}): SoftNmsResult {
  const flat = readBoxes(boxes, "softNms");
  const n = flat.length / 4;
  const score = readFiniteNumbers(scores, n, "softNms", "scores");
  const label = readClasses(classes, n, "softNms");
  const method = options.method ?? "gaussian";
  if (method !== "linear" && method !== "gaussian") throw new Error(`softNms: method must be "linear" or "gaussian", got ${JSON.stringify(method)}`);
  const decay: Decay = {
    method,
    sigma: numberOption("softNms", "sigma", options.sigma ?? 0.5, Number.MIN_VALUE, Infinity),
    iouThreshold: numberOption("softNms", "iouThreshold", options.iouThreshold ?? 0.3, 0, 1),
    scoreThreshold: numberOption("softNms", "scoreThreshold", options.scoreThreshold ?? 0.001, -Infinity, Infinity),
    maxDetections: maxDetectionsOption("softNms", options.maxDetections ?? Infinity),
  };

  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const selected: Array<{ index: number; score: number }> = [];
  for (const group of splitByClass(all, label)) selectInClass(flat, score, group, decay, selected);
  // Each class's selections come out by decreasing score; the global sequence is their merge.
  selected.sort((a, b) => b.score - a.score || a.index - b.index);
  const top = selected.slice(0, Math.min(selected.length, decay.maxDetections));
  return { indices: Int32Array.from(top, (s) => s.index), scores: Float64Array.from(top, (s) => s.score) };
}

/** Soft-NMS within one class (`group`: box indices, ascending); appends its selections. */
function selectInClass(flat: Float64Array, score: Float64Array, group: Int32Array, decay: Decay, selected: Array<{ index: number; score: number }>): void {
  const m = group.length;
  const [x1, y1, x2, y2, area, current] = [new Float64Array(m), new Float64Array(m), new Float64Array(m), new Float64Array(m), new Float64Array(m), new Float64Array(m)];
  // The boxes still in play (positions in `group`); removal swaps with the last, so ties compare indices.
  const live = new Int32Array(m);
  let liveCount = 0;
  for (let p = 0; p < m; p++) {
    const o = group[p]! * 4;
    [x1[p], y1[p], x2[p], y2[p]] = [flat[o]!, flat[o + 1]!, flat[o + 2]!, flat[o + 3]!];
    area[p] = (x2[p]! - x1[p]!) * (y2[p]! - y1[p]!);
    current[p] = score[group[p]!]!;
    if (current[p]! >= decay.scoreThreshold) live[liveCount++] = p;
  }
  for (let picked = 0; liveCount > 0 && picked < decay.maxDetections; picked++) {
    let bestPos = 0;
    for (let l = 1; l < liveCount; l++) {
      const p = live[l]!;
      const best = live[bestPos]!;
      if (current[p]! > current[best]! || (current[p] === current[best] && p < best)) bestPos = l;
    }
    const b = live[bestPos]!;
    live[bestPos] = live[--liveCount]!;
    selected.push({ index: group[b]!, score: current[b]! });
    const [bx1, by1, bx2, by2, bArea] = [x1[b]!, y1[b]!, x2[b]!, y2[b]!, area[b]!];
    for (let l = 0; l < liveCount; ) {
      const p = live[l]!;
      const w = Math.min(bx2, x2[p]!) - Math.max(bx1, x1[p]!);
      const h = Math.min(by2, y2[p]!) - Math.max(by1, y1[p]!);
      const union = bArea + area[p]! - w * h;
      const overlap = w > 0 && h > 0 && union > 0 ? (w * h) / union : 0;
      if (decay.method === "gaussian") current[p] = current[p]! * Math.exp(-(overlap * overlap) / decay.sigma);
      else if (overlap > decay.iouThreshold) current[p] = current[p]! * (1 - overlap);
      if (current[p]! < decay.scoreThreshold) {
        live[l] = live[--liveCount]!;
        continue; // l now holds a box not yet visited
      }
      l++;
    }
  }
}
