import * as tf from "@tensorflow/tfjs-core";
import type { TaskParts, TrainBatch } from "@llmnist/train";
import { decodeDetections, type DecodeOptions, type Detection } from "./decode.js";
import { detectionLoss, type DetectionLossOptions } from "./loss.js";
import { canvasBatch, type DetectorCanvas } from "./padding.js";
import { assignTargets, type AssignOptions } from "./targets.js";
import type { VitDetector } from "./vit-detector.js";

/**
 * Canvases by index: an array, or a lazy set such as `@llmnist/detect`'s `createCanvasSet(...)`.
 * In training a lazy set is also told the batch, so it may draw e.g. every canvas of a step at
 * one size.
 */
export type CanvasSource = readonly DetectorCanvas[] | { canvas(index: number, batch?: TrainBatch): DetectorCanvas };

/** Numbers per detection in infer's output: x1, y1, x2, y2, digit, score. */
export const DETECTION_FIELDS = 6;

export interface DetectorTaskOptions {
  model: VitDetector;
  /** Training canvases with their objects (the engine's `examples` is their count). */
  canvases: CanvasSource;
  /** Canvases `infer` detects on (e.g. a test set); without them there is no infer. */
  test?: CanvasSource;
  loss?: DetectionLossOptions;
  /** Which cells answer for an object (assignTargets); default the centre cell only. */
  targets?: AssignOptions;
  /** How infer decodes; its maxDetections (default 100) fixes inferWidth. */
  decode?: Omit<DecodeOptions, "imageSizes">;
  /** Canvases per forward pass inside one infer call (default 16): bounds the attention's memory. */
  inferBatchSize?: number;
}

/**
 * The detector as engine TaskParts. loss: the batch's canvases padded with their background to
 * the batch's largest size (a multiple of the patch size; padded cells are empty, so they train
 * as background) and detectionLoss against their objects. infer: for test canvas indices,
 * `inferWidth = maxDetections * 6` numbers each (x1, y1, x2, y2, digit, score per detection,
 * highest score first; unused slots have digit -1): read them with `unpackDetections`.
 */
export function detectorTaskParts(o: DetectorTaskOptions): TaskParts & { inferWidth: number } {
  const { model } = o;
  const p = model.detectorConfig.patchSize;
  const maxDetections = o.decode?.maxDetections ?? 100;
  const inferBatchSize = o.inferBatchSize ?? 16;
  if (!Number.isInteger(inferBatchSize) || inferBatchSize <= 0) throw new Error(`detectorTaskParts: inferBatchSize must be a positive integer, got ${inferBatchSize}`);
  const train = canvasGetter(o.canvases, "canvases");
  const parts: TaskParts & { inferWidth: number } = {
    parameters: model.namedParameters(),
    loss: (batch) => {
      const canvases = Array.from(batch.indices, (i) => train(i, batch));
      const { images, height, width } = canvasBatch(canvases, p);
      const targets = assignTargets(canvases.map((c, k) => c.objects ?? noObjects(k)), model.layoutFor(height, width), o.targets);
      return detectionLoss(model.forward(images, true), targets, o.loss);
    },
    inferWidth: maxDetections * DETECTION_FIELDS,
  };
  if (o.test !== undefined) {
    const test = canvasGetter(o.test, "test");
    parts.infer = (indices) => {
      const out = new Float32Array(indices.length * maxDetections * DETECTION_FIELDS);
      for (let start = 0; start < indices.length; start += inferBatchSize) {
        const canvases = Array.from(indices.subarray(start, start + inferBatchSize), (i) => test(i));
        const detections = detectCanvases(model, canvases, { ...o.decode, maxDetections });
        detections.forEach((list, k) => packDetections(list, maxDetections, out.subarray((start + k) * maxDetections * DETECTION_FIELDS)));
      }
      return out;
    };
  }
  return parts;
}

/** Detections on canvases of any sizes (padded together; boxes clipped to each canvas). */
export function detectCanvases(model: VitDetector, canvases: readonly DetectorCanvas[], options: Omit<DecodeOptions, "imageSizes"> = {}): Detection[][] {
  const { images, height, width } = canvasBatch(canvases, model.detectorConfig.patchSize);
  const outputs = model.forward(images);
  try {
    return decodeDetections(outputs, model.layoutFor(height, width), { ...options, imageSizes: canvases });
  } finally {
    tf.dispose([images, outputs]);
  }
}

/** Detections written as `maxDetections * 6` numbers; unused slots: zeros with digit -1. */
export function packDetections(detections: readonly Detection[], maxDetections: number, into = new Float32Array(maxDetections * DETECTION_FIELDS)): Float32Array {
  for (let k = 0; k < maxDetections; k++) {
    const d = detections[k];
    into.set(d ? [...d.box, d.digit, d.score] : [0, 0, 0, 0, -1, 0], k * DETECTION_FIELDS);
  }
  return into;
}

/** infer's output back to detections per canvas (`inferWidth` numbers each). */
export function unpackDetections(values: Float32Array, inferWidth: number): Detection[][] {
  if (inferWidth % DETECTION_FIELDS !== 0 || values.length % inferWidth !== 0) {
    throw new Error(`unpackDetections: ${values.length} values are not whole rows of ${inferWidth} (a multiple of ${DETECTION_FIELDS})`);
  }
  const result: Detection[][] = [];
  for (let row = 0; row < values.length; row += inferWidth) {
    const list: Detection[] = [];
    for (let o = row; o < row + inferWidth; o += DETECTION_FIELDS) {
      const digit = values[o + 4]!;
      if (digit < 0) break;
      list.push({ box: [values[o]!, values[o + 1]!, values[o + 2]!, values[o + 3]!], digit, score: values[o + 5]! });
    }
    result.push(list);
  }
  return result;
}

function canvasGetter(source: CanvasSource, what: string): (index: number, batch?: TrainBatch) => DetectorCanvas {
  if (Array.isArray(source)) {
    return (i) => {
      const canvas = source[i];
      if (canvas === undefined) throw new Error(`detectorTaskParts: ${what} has no canvas ${i} (it has ${source.length})`);
      return canvas;
    };
  }
  if (source !== null && typeof source === "object" && typeof (source as { canvas?: unknown }).canvas === "function") {
    const set = source as { canvas(index: number, batch?: TrainBatch): DetectorCanvas };
    return (i, batch) => set.canvas(i, batch);
  }
  throw new Error(`detectorTaskParts: ${what} must be an array of canvases or a set with canvas(index), got ${String(source)}`);
}

function noObjects(k: number): never {
  throw new Error(`detectorTaskParts: training canvas ${k} of the batch has no objects list (ground truth)`);
}
