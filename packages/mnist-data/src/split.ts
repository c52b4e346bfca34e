/** Side length of an MNIST image. */
export const MNIST_IMAGE_SIZE = 28;
/** Pixels per MNIST image (28 * 28). */
export const MNIST_PIXELS = MNIST_IMAGE_SIZE * MNIST_IMAGE_SIZE;
/** Number of digit classes. */
export const MNIST_NUM_CLASSES = 10;

/** One MNIST split held in memory. */
export interface MnistSplit {
  readonly name: string;
  readonly count: number;
  /** count * 784 values, row-major [count, 28, 28], pixels / 255 in [0, 1]. */
  readonly images: Float32Array;
  /** count labels, each 0..9. */
  readonly labels: Uint8Array;
}

/** Both MNIST splits and the folder they were read from. */
export interface MnistDataset {
  train: MnistSplit;
  test: MnistSplit;
  dir: string;
}

/**
 * Examples [start, start + count) of `split`. The arrays are views that share memory
 * with `split` (no copy); the name becomes e.g. "train[0:1000]".
 */
export function takeSubset(split: MnistSplit, count: number, start = 0): MnistSplit {
  if (!Number.isInteger(start) || start < 0) {
    throw new Error(`takeSubset(${split.name}): start must be a non-negative integer, got ${start}`);
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`takeSubset(${split.name}): count must be a non-negative integer, got ${count}`);
  }
  const end = start + count;
  if (end > split.count) {
    throw new Error(
      `takeSubset(${split.name}): range [${start}, ${end}) is out of bounds: split has ${split.count} examples`,
    );
  }
  return {
    name: `${split.name}[${start}:${end}]`,
    count,
    images: split.images.subarray(start * MNIST_PIXELS, end * MNIST_PIXELS),
    labels: split.labels.subarray(start, end),
  };
}
