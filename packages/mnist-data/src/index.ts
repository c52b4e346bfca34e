// Browser-safe: no Node built-ins. Reading the files from disk is in ./node.ts (`@llmnist/mnist-data/node`).
export { readIdx, isGzip, type IdxArray, type IdxDtype } from "./idx.js";
export {
  MNIST_IMAGE_SIZE,
  MNIST_PIXELS,
  MNIST_NUM_CLASSES,
  takeSubset,
  type MnistSplit,
  type MnistDataset,
} from "./split.js";
export { shuffledIndices } from "./shuffle.js";
export { makeBatch, batchCount, batches, type BatchOptions, type MnistBatch } from "./batches.js";
export { toMnistDigit, toMnistImage, MNIST_DIGIT_BOX, type MnistDigit } from "./picture/to-mnist.js";
export { toGray } from "./picture/to-gray.js";
export type { PixelImage } from "./picture/pixel-image.js";
export type { GrayImage } from "./picture/gray-image.js";
export type { Box } from "./picture/bounding-box.js";
export {
  augmentImage,
  normalizePeak,
  DEFAULT_AUGMENT,
  AugmentOptionError,
  checkAugmentOptions,
  distortImage,
  DEFAULT_DISTORTION,
  changeStrokeWidth,
  sampleStrokeRadius,
  blurImage,
  sampleBlurSigma,
  adjustContrast,
  sampleContrast,
  type AugmentOptions,
  type DistortOptions,
  type StrokeOptions,
  type BlurOptions,
  type ContrastOptions,
  type ContrastParams,
} from "./augment/index.js";
