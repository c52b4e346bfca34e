import * as tf from "@tensorflow/tfjs-core";
import { augmentImage, checkAugmentOptions, makeBatch, MNIST_IMAGE_SIZE, MNIST_PIXELS, type AugmentOptions, type MnistSplit } from "@llmnist/mnist-data";
import { createRng, deriveSeed } from "@llmnist/random";
import { buildReplica, type ReplicaSpec } from "./data-parallel/factory.js";
import type { TaskParts, TrainBatch } from "./engine/task.js";
import type { LossFn, TrainableModel } from "./types.js";

/** Stream of deriveSeed(seed, stream, globalStep, position) for training-image augmentation (MnistVL's distortions use 3). */
export const AUGMENT_STREAM = 4;

/** What a classifier task does beyond model + loss; plain data, so a replica thread gets the same. */
export interface ClassifierTaskOptions {
  /** Augment each training image (never a test image); none when absent. */
  augment?: AugmentOptions;
  /** Seeds the augmentation (the run's seed); required with `augment`. */
  seed?: number;
}

/**
 * A classifier as engine TaskParts: the loss of a batch of training indices, and infer = the
 * argmax class of test images at the given indices. With `augment`, image b of a batch is
 * augmented with the seed deriveSeed(seed, AUGMENT_STREAM, globalStep, offset + b): it depends
 * on the step and the position in the whole batch only, so a resumed or data-parallel run sees
 * the same images as an unbroken one-thread run.
 */
export function classifierParts(model: TrainableModel, loss: LossFn, train: MnistSplit, test: MnistSplit, classes = 10, task: ClassifierTaskOptions = {}): TaskParts {
  const augment = task.augment === undefined ? undefined : checkAugmentOptions(task.augment, "classifierParts: augment");
  if (augment !== undefined && !Number.isSafeInteger(task.seed)) {
    throw new Error(`classifierParts: augment needs seed, a safe integer, got ${task.seed}`);
  }
  return {
    parameters: model.namedParameters(),
    loss: (batch) => {
      const { images, labels } = augment === undefined ? makeBatch(train, batch.indices) : augmentedBatch(train, batch, augment, task.seed!);
      return loss(model.forward(images, true), labels, batch);
    },
    infer: (indices) =>
      tf.tidy(() => {
        const { images } = makeBatch(test, indices); // labels are read from test.labels by the caller
        const logits = model.forward(images, false);
        if (logits.rank !== 2 || logits.shape[0] !== indices.length || logits.shape[1] !== classes) {
          throw new Error(`trainClassifier: model.forward returned logits of shape [${logits.shape}], expected [${indices.length}, ${classes}]`);
        }
        return Float32Array.from(tf.argMax(logits, 1).dataSync());
      }),
  };
}

/** makeBatch's tensors, each image augmented with its own seed (see classifierParts). */
function augmentedBatch(train: MnistSplit, batch: TrainBatch, augment: AugmentOptions, seed: number): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  const n = batch.indices.length;
  const pixels = new Float32Array(n * MNIST_PIXELS);
  const labels = new Int32Array(n);
  batch.indices.forEach((index, b) => {
    if (index >= train.count) throw new Error(`classifierParts(${train.name}): index ${index} is out of range: expected below ${train.count}`);
    const src = train.images.subarray(index * MNIST_PIXELS, (index + 1) * MNIST_PIXELS);
    const dst = pixels.subarray(b * MNIST_PIXELS, (b + 1) * MNIST_PIXELS);
    augmentImage(src, dst, createRng(deriveSeed(seed, AUGMENT_STREAM, batch.globalStep, batch.offset + b)), augment);
    labels[b] = train.labels[index]!;
  });
  return {
    images: tf.tensor4d(pixels, [n, MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE, 1], "float32"), // [B, 28, 28, 1]
    labels: tf.tensor1d(labels, "int32"), // [B]
  };
}

/**
 * A data-parallel replica's classifier parts: builds the model and loss a ReplicaSpec names.
 * The splits arrive by structured cloning (shared, not copied, when backed by a SharedArrayBuffer).
 */
export async function classifierReplica(spec: ReplicaSpec, train: MnistSplit, test: MnistSplit, classes = 10, task: ClassifierTaskOptions = {}): Promise<TaskParts> {
  const { model, loss } = await buildReplica(spec);
  return classifierParts(model, loss, train, test, classes, task);
}
