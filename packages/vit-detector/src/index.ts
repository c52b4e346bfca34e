// Browser-safe: the detector, its loss, decoding and engine task, and (de)serialisation of
// parsed safetensors. Reading and writing files is in ./node.ts (`@llmnist/vit-detector/node`).
export {
  expectedParameterCount,
  outputWidth,
  resolveVitDetectorConfig,
  validateVitDetectorConfig,
  VIT_DETECTOR_DEFAULTS,
  type VitDetectorConfig,
} from "./config.js";
export { rope2dInvFreq, rope2dTables, Rope2D } from "./rope2d.js";
export { gridLayout, type GridLayout } from "./layout.js";
export { decodeBox, encodeBox } from "./box-coding.js";
export { createVitDetector, VitDetector, vitDetectorFactory, type VitDetectorOptions } from "./vit-detector.js";
export { assignTargets, type AssignOptions, type GridTargets, type GroundTruthObject } from "./targets.js";
export { detectionLoss, type DetectionLossOptions, type DetectionLossOutput } from "./loss.js";
export { decodeDetections, type DecodeOptions, type Detection } from "./decode.js";
export { canvasBatch, padToPatch, roundUpToPatch, type DetectorCanvas } from "./padding.js";
export {
  DETECTION_FIELDS,
  detectCanvases,
  detectorTaskParts,
  packDetections,
  unpackDetections,
  type CanvasSource,
  type DetectorTaskOptions,
} from "./task.js";
export {
  VIT_DETECTOR_FORMAT,
  vitDetectorConfigFromMetadata,
  vitDetectorFromSafetensors,
  vitDetectorToSafetensors,
} from "./detector-safetensors.js";
export { pictureCanvas, PICTURE_MAX_SIDE, PICTURE_MIN_SIDE, type GrayPicture } from "./picture.js";
export { canvasDetectorParts, canvasDetectorReplica, evaluateOnCanvases, type CanvasTaskSpec } from "./canvas-task.js";
