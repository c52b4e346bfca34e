export { readIdx, readIdxFile, isGzip, type IdxArray, type IdxDtype } from "./idx.js";
export { MNIST_SHA256, sha256Hex, verifyMnistChecksum } from "./checksums.js";
export { defaultMnistDir } from "./default-dir.js";
export {
  MNIST_IMAGE_SIZE,
  MNIST_PIXELS,
  MNIST_NUM_CLASSES,
  takeSubset,
  type MnistSplit,
  type MnistDataset,
} from "./split.js";
export { loadMnist, loadMnistSplit, MNIST_FILES, type LoadMnistOptions } from "./load.js";
export { shuffledIndices } from "./shuffle.js";
export { makeBatch, batchCount, batches, type BatchOptions, type MnistBatch } from "./batches.js";
