// @llmnist/detect: boxes (IoU, NMS, soft-NMS), COCO bbox evaluation and synthetic digit
// canvases, plain TypeScript on typed arrays; no TensorFlow.js, no Node built-ins (files:
// `@llmnist/detect/node`).
export { iou, pairwiseIou } from "./boxes/iou.js";
export { nms, type NmsOptions } from "./boxes/nms.js";
export { softNms, type SoftNmsOptions, type SoftNmsResult } from "./boxes/soft-nms.js";
export { xywhToXyxy, xyxyToXywh } from "./boxes/box-format.js";
export type { BoxesInput } from "./boxes/read-boxes.js";
export { evaluateCoco, type CocoEvalOptions, type CocoEvaluation } from "./coco/evaluate.js";
export { formatCocoSummary } from "./coco/summarize.js";
export { CocoFormatError } from "./coco/format-error.js";
export type { CocoAnnotation, CocoCategory, CocoClassAp, CocoDetection, CocoGroundTruth, CocoImage, CocoStats } from "./coco/types.js";
export { makeCanvas, type Canvas, type CanvasObject } from "./data/canvas.js";
export { makeCanvasSet, createCanvasSet, checkCanvasSetOptions, type CanvasSet, type CanvasSetOptions, type CanvasSize, type ResolvedCanvasSet } from "./data/canvas-set.js";
export { CANVAS_MIN_SIZE, CANVAS_MAX_SIZE, POLARITIES, type CanvasOptions, type CanvasStyle, type Polarity } from "./data/options.js";
export { CanvasOptionError } from "./data/option-error.js";
export { INK_THRESHOLD, inkBox, type PixelBox } from "./data/ink-box.js";
export type { DigitSplit } from "./data/split.js";
export type { CanvasRng, SeededRandom } from "./data/random.js";
export { toCocoGroundTruth, DIGIT_CATEGORIES, type CanvasLabels, type SyntheticCocoAnnotation, type SyntheticCocoGroundTruth, type SyntheticCocoImage } from "./data/to-coco.js";
