import type * as tf from "@tensorflow/tfjs-core";
import type { AugmentOptions, MnistSplit } from "@llmnist/mnist-data";
import type { ReplicaSpec } from "./data-parallel/factory.js";
import type { EpochRecord, TrainOptions } from "./engine/options.js";
import type { TrainBatch } from "./engine/task.js";

/** A classifier trainClassifier can train. */
export interface TrainableModel {
  /** logits [B, classes] for images [B, 28, 28, 1]; called inside tf.tidy / tf.variableGrads */
  forward(images: tf.Tensor4D, training: boolean): tf.Tensor2D;
  /** trainable parameters with stable names (used as checkpoint keys) */
  namedParameters(): Array<[string, tf.Variable]>;
}

/**
 * Mean loss of a batch: logits [B, classes], labels [B] int32. `batch` says which training
 * examples these are (e.g. to look up a teacher's logits for distillation); most losses ignore it.
 */
export type LossFn = (logits: tf.Tensor2D, labels: tf.Tensor1D, batch: TrainBatch) => tf.Scalar;

/** One line of a classifier's metrics.jsonl: the engine's fields and test_accuracy (percent). */
export interface EpochMetrics extends EpochRecord {
  test_accuracy: number;
}

/** The engine's options (see TrainOptions) that trainClassifier passes through unchanged. */
type PassedThrough = Pick<
  TrainOptions,
  "epochs" | "batchSize" | "seed" | "peakLr" | "warmupEpochs" | "weightDecay" | "outDir" | "resume" | "onStep" | "progress" | "checkpointEverySteps" | "signal" | "threads"
>;

export interface ClassifierTrainOptions extends PassedThrough {
  model: TrainableModel;
  loss: LossFn;
  train: MnistSplit;
  test: MnistSplit;
  /** Number of classes (logit columns); default 10. */
  classes?: number;
  /** Default 500. */
  evalBatchSize?: number;
  onEpoch?: (e: EpochMetrics) => void;
  /**
   * Augment every training image (never a test image) with @llmnist/mnist-data's augmentImage,
   * image b of global step s seeded by deriveSeed(seed, AUGMENT_STREAM, s, b): a resumed or
   * data-parallel run sees the same images as an unbroken one. Recorded in the checkpoint (a
   * resume with other options is refused). Absent: no augmentation, exactly as before.
   */
  augment?: AugmentOptions;
  /**
   * How another thread builds this model and loss. With it, training and evaluation on the
   * wasm or cpu backend use two threads (data-parallel: each computes half of every batch),
   * unless `threads` is 1. Native TensorFlow backends use their own threads and ignore it.
   */
  replica?: ReplicaSpec;
}

export interface ClassifierTrainResult {
  epochs: EpochMetrics[];
  bestAccuracy: number;
  /** 1-based epoch of bestAccuracy (the first one, on ties). */
  bestEpoch: number;
  finalAccuracy: number;
  /** Training wall time, summed over the sessions of a resumed run. */
  wallSeconds: number;
  /** Threads this call trained on: 2 when data-parallel, else 1. */
  threads: number;
  /** Where this call picked up: epochs already completed and steps already done in the next one. */
  resumedFrom?: { epoch: number; step: number };
}
