import type * as tf from "@tensorflow/tfjs-core";
import { nms, softNms, type SoftNmsOptions } from "@llmnist/detect";
import { decodeBox } from "./box-coding.js";
import type { GridLayout } from "./layout.js";

/** One detected digit, in input pixels. */
export interface Detection {
  /** `[x1, y1, x2, y2]`, clipped to the image. */
  box: [number, number, number, number];
  digit: number;
  /** sigmoid(objectness) * softmax probability of `digit` (decayed by soft-NMS when used). */
  score: number;
}

export interface DecodeOptions {
  /** Cells scoring below this are dropped before NMS (default 0.05, low enough for mAP). */
  scoreThreshold?: number;
  /** Greedy NMS: suppress a box whose IoU with a kept one is above this (default 0.5). */
  nmsIou?: number;
  /** Soft-NMS instead of greedy NMS: true for Gaussian with sigma 0.5, or its options. */
  softNms?: boolean | Omit<SoftNmsOptions, "scoreThreshold" | "maxDetections">;
  /** At most this many detections per image, the highest-scoring (default 100). */
  maxDetections?: number;
  /**
   * NMS across classes (default true): digits on a canvas never overlap, so two boxes on one
   * digit are a duplicate even when the neighbouring cells voted for different digits.
   */
  classAgnostic?: boolean;
  /** Each image's own size, to clip boxes to (e.g. before padToPatch); default the grid's extent. */
  imageSizes?: ReadonlyArray<{ width: number; height: number }>;
}

/**
 * Detections per image from the head's outputs `[B, n, 1 + classes + 4]` on the grid `layout`:
 * each cell proposes its most probable digit with score sigmoid(obj) * p(digit), boxes
 * decoded (box-coding.ts) and clipped; then NMS (or soft-NMS) per image, highest score first.
 */
export function decodeDetections(outputs: tf.Tensor | Float32Array, layout: GridLayout, options: DecodeOptions = {}): Detection[][] {
  const scoreThreshold = options.scoreThreshold ?? 0.05;
  const maxDetections = options.maxDetections ?? 100;
  const width = 1 + layout.numClasses + 4;
  const n = layout.rows * layout.cols;
  const values = outputs instanceof Float32Array ? outputs : (outputs.dataSync() as Float32Array);
  if (!(outputs instanceof Float32Array) && (outputs.rank !== 3 || outputs.shape[1] !== n || outputs.shape[2] !== width)) {
    throw new Error(`decodeDetections: outputs must be [B, ${n}, ${width}] for a ${layout.rows} x ${layout.cols} grid, got [${outputs.shape.join(", ")}]`);
  }
  if (values.length % (n * width) !== 0) throw new Error(`decodeDetections: ${values.length} values are not a whole number of [${n}, ${width}] images`);
  const batch = values.length / (n * width);
  if (options.imageSizes !== undefined && options.imageSizes.length !== batch) {
    throw new Error(`decodeDetections: imageSizes has ${options.imageSizes.length} entries for ${batch} images`);
  }
  const result: Detection[][] = [];
  for (let b = 0; b < batch; b++) {
    const size = options.imageSizes?.[b] ?? { width: layout.cols * layout.patchSize, height: layout.rows * layout.patchSize };
    const candidates = cellCandidates(values.subarray(b * n * width, (b + 1) * n * width), layout, scoreThreshold, size);
    result.push(suppress(candidates, options, scoreThreshold, maxDetections));
  }
  return result;
}

/** Every cell's best digit, decoded, when it scores at least `threshold`. */
function cellCandidates(values: Float32Array, layout: GridLayout, threshold: number, size: { width: number; height: number }): Detection[] {
  const { rows, cols, numClasses } = layout;
  const width = 1 + numClasses + 4;
  const out: Detection[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const o = (r * cols + c) * width;
      const objectness = 1 / (1 + Math.exp(-values[o]!));
      let best = 0;
      let max = -Infinity;
      for (let k = 0; k < numClasses; k++) {
        const v = values[o + 1 + k]!;
        if (v > max) [max, best] = [v, k];
      }
      let sum = 0;
      for (let k = 0; k < numClasses; k++) sum += Math.exp(values[o + 1 + k]! - max);
      const score = objectness / sum; // the best class's softmax probability is exp(0) / sum
      if (!(score >= threshold)) continue;
      const b = o + 1 + numClasses;
      const [x1, y1, x2, y2] = decodeBox(values[b]!, values[b + 1]!, values[b + 2]!, values[b + 3]!, r, c, layout);
      const box: Detection["box"] = [clip(x1, size.width), clip(y1, size.height), clip(x2, size.width), clip(y2, size.height)];
      if (box[2] > box[0] && box[3] > box[1]) out.push({ box, digit: best, score });
    }
  }
  return out;
}

const clip = (v: number, hi: number): number => Math.min(Math.max(v, 0), hi);

function suppress(candidates: Detection[], options: DecodeOptions, scoreThreshold: number, maxDetections: number): Detection[] {
  if (candidates.length === 0) return [];
  const boxes = candidates.map((d) => d.box);
  const scores = candidates.map((d) => d.score);
  const classes = options.classAgnostic === false ? candidates.map((d) => d.digit) : null;
  if (options.softNms) {
    const soft = options.softNms === true ? {} : options.softNms;
    const { indices, scores: decayed } = softNms(boxes, scores, classes, { ...soft, scoreThreshold, maxDetections });
    return Array.from(indices, (i, k) => ({ ...candidates[i]!, score: decayed[k]! }));
  }
  const kept = nms(boxes, scores, classes, { iouThreshold: options.nmsIou ?? 0.5, maxDetections });
  return Array.from(kept, (i) => candidates[i]!);
}
