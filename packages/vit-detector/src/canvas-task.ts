import { createCanvasSet, evaluateCoco, type CanvasSet, toCocoGroundTruth, type Canvas, type CanvasSetOptions, type CocoDetection, type CocoGroundTruth, type DigitSplit } from "@llmnist/detect";
import type { ParallelInfer, TaskParts } from "@llmnist/train";
import type { VitDetectorConfig } from "./config.js";
import { detectorTaskParts, unpackDetections, type CanvasSource } from "./task.js";
import type { AssignOptions } from "./targets.js";
import { createVitDetector, type VitDetector } from "./vit-detector.js";

/** A detector trained on synthetic canvases: plain data, so a data-parallel replica rebuilds it. */
export interface CanvasTaskSpec {
  config: Partial<VitDetectorConfig>;
  /** Seeds the initialisation. */
  seed: number;
  /** Training digits (MNIST's training split) and how its canvases are drawn. */
  train: DigitSplit;
  trainSet: CanvasSetOptions;
  /** Test digits (MNIST's test split: never the training one) and its canvases. */
  test: DigitSplit;
  testSet: CanvasSetOptions;
  /** Detections kept per canvas for evaluation (default 100, COCO's largest cut-off). */
  maxDetections?: number;
  /** Which cells answer for an object (assignTargets' options); default the centre cell only. */
  targets?: AssignOptions;
}

/** The task of a CanvasTaskSpec for `model` (a fresh one when omitted), and its test canvases. */
export function canvasDetectorParts(spec: CanvasTaskSpec, model: VitDetector = createVitDetector(spec.config, { seed: spec.seed })): TaskParts & { inferWidth: number; model: VitDetector; testCanvases: Canvas[] } {
  const canvases = oneSizePerStep(createCanvasSet(spec.train, spec.trainSet));
  const testSet = createCanvasSet(spec.test, spec.testSet);
  const testCanvases = Array.from({ length: testSet.options.count }, (_, k) => testSet.canvas(k));
  // Low threshold: COCO's AP integrates over all scores.
  const parts = detectorTaskParts({
    model,
    canvases,
    test: testCanvases,
    decode: { scoreThreshold: 0.01, maxDetections: spec.maxDetections ?? 100 },
    ...(spec.targets ? { targets: spec.targets } : {}),
  });
  return { ...parts, model, testCanvases };
}

/**
 * Training canvases of several sizes without padding: every canvas of optimisation step s is
 * drawn at `sizes[s % sizes.length]` (both halves of a data-parallel step alike), instead of
 * each at its own size padded to the batch's largest. One size: the set as it is.
 */
function oneSizePerStep(set: CanvasSet): CanvasSource {
  const { sizes } = set.options;
  if (sizes.length === 1) return set;
  return { canvas: (index, batch) => (batch ? set.canvasSized(index, sizes[batch.globalStep % sizes.length]!) : set.canvas(index)) };
}

/** A data-parallel replica of canvasDetectorParts (the weights come from the main thread). */
export function canvasDetectorReplica(spec: CanvasTaskSpec): TaskParts {
  return canvasDetectorParts(spec);
}

/** COCO bbox numbers of the detections infer gives for every test canvas (map, map_50, map_75 in percent). */
export async function evaluateOnCanvases(infer: ParallelInfer, inferWidth: number, testCanvases: readonly Canvas[]): Promise<Record<string, number>> {
  const rows = await infer(Uint32Array.from(testCanvases, (_, k) => k));
  const groundTruth = toCocoGroundTruth(testCanvases, testCanvases.map((_, k) => `${k}.png`)) as unknown as CocoGroundTruth;
  const detections: CocoDetection[] = unpackDetections(rows, inferWidth).flatMap((list, k) =>
    list.map((d) => ({ image_id: k + 1, category_id: d.digit, bbox: [d.box[0], d.box[1], d.box[2] - d.box[0], d.box[3] - d.box[1]], score: d.score })),
  );
  const { stats } = evaluateCoco(groundTruth, detections);
  return { map: 100 * stats.map, map_50: 100 * stats.map_50, map_75: 100 * stats.map_75 };
}
