// @llmnist/detect: boxes (IoU, NMS, soft-NMS) and COCO bbox evaluation, plain TypeScript on
// typed arrays; no TensorFlow.js, no Node built-ins (files: `@llmnist/detect/node`).
export { iou, pairwiseIou } from "./boxes/iou.js";
export { nms, type NmsOptions } from "./boxes/nms.js";
export { softNms, type SoftNmsOptions, type SoftNmsResult } from "./boxes/soft-nms.js";
export { xywhToXyxy, xyxyToXywh } from "./boxes/box-format.js";
export type { BoxesInput } from "./boxes/read-boxes.js";
export { evaluateCoco, type CocoEvalOptions, type CocoEvaluation } from "./coco/evaluate.js";
export { formatCocoSummary } from "./coco/summarize.js";
export { CocoFormatError } from "./coco/format-error.js";
export type { CocoAnnotation, CocoCategory, CocoClassAp, CocoDetection, CocoGroundTruth, CocoImage, CocoStats } from "./coco/types.js";
