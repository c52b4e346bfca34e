import * as tf from "@tensorflow/tfjs-core";
import { shuffledIndices } from "./shuffle.js";
import { MNIST_IMAGE_SIZE, MNIST_PIXELS, type MnistSplit } from "./split.js";

/** Options for batches(). */
export interface BatchOptions {
  batchSize: number;
  /** Shuffle with shuffledIndices(count, seed, epoch); default false (split order). */
  shuffle?: boolean;
  /** Shuffle seed; default 0. */
  seed?: number;
  /** Epoch number, mixed into the shuffle seed; default 0. */
  epoch?: number;
  /** Drop the last batch when it is smaller than batchSize; default false. */
  dropLast?: boolean;
}

/** One batch; the caller owns (and must dispose) the tensors. */
export interface MnistBatch {
  /** [B, 28, 28, 1] float32 in [0, 1]. */
  images: tf.Tensor4D;
  /** [B] int32 digits 0..9. */
  labels: tf.Tensor1D;
  /** Indices into the split of the B examples, in batch order. */
  indices: Uint32Array;
  /** 0-based batch number within the epoch. */
  index: number;
}

/** Number of batches per epoch: ceil(count / batchSize), or floor with dropLast. */
export function batchCount(count: number, batchSize: number, dropLast = false): number {
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`batchCount: count must be a non-negative integer, got ${count}`);
  }
  checkBatchSize("batchCount", batchSize);
  return dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

/** Gathers the examples at `indices` into new tensors (caller disposes them). */
export function makeBatch(
  split: MnistSplit,
  indices: ArrayLike<number>,
): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  const b = indices.length;
  if (b === 0) throw new Error(`makeBatch(${split.name}): indices is empty: expected at least 1 index`);
  const images = new Float32Array(b * MNIST_PIXELS);
  const labels = new Int32Array(b);
  for (let k = 0; k < b; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= split.count) {
      throw new Error(
        `makeBatch(${split.name}): indices[${k}] = ${i} is out of range: expected an integer in [0, ${split.count})`,
      );
    }
    images.set(split.images.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS), k * MNIST_PIXELS);
    labels[k] = split.labels[i]!;
  }
  return {
    images: tf.tensor4d(images, [b, MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE, 1], "float32"), // [B, 28, 28, 1]
    labels: tf.tensor1d(labels, "int32"), // [B]
  };
}

/**
 * Yields the split in batches of `batchSize` (the last one may be smaller unless
 * dropLast). With shuffle, the order is shuffledIndices(count, seed, epoch), so a
 * (seed, epoch) pair always gives the same batches. Each batch's tensors are new:
 * the caller disposes them.
 */
export function* batches(split: MnistSplit, opts: BatchOptions): Generator<MnistBatch, void, undefined> {
  checkBatchSize("batches", opts.batchSize);
  const { batchSize, dropLast = false } = opts;
  const order = opts.shuffle
    ? shuffledIndices(split.count, opts.seed ?? 0, opts.epoch ?? 0)
    : Uint32Array.from({ length: split.count }, (_, i) => i);
  const n = batchCount(split.count, batchSize, dropLast);
  for (let index = 0; index < n; index++) {
    const indices = order.slice(index * batchSize, Math.min((index + 1) * batchSize, split.count));
    yield { ...makeBatch(split, indices), indices, index };
  }
}

function checkBatchSize(fn: string, batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`${fn}: batchSize must be a positive integer, got ${batchSize}`);
  }
}
