import type * as tf from "@tensorflow/tfjs-core";
import type { MnistSplit } from "@llmnist/mnist-data";
import type { ReplicaSpec } from "./data-parallel/factory.js";
import type { EpochRecord, ProgressSink, StepInfo } from "./engine/options.js";

/** A classifier trainClassifier can train. */
export interface TrainableModel {
  /** logits [B, classes] for images [B, 28, 28, 1]; called inside tf.tidy / tf.variableGrads */
  forward(images: tf.Tensor4D, training: boolean): tf.Tensor2D;
  /** trainable parameters with stable names (used as checkpoint keys) */
  namedParameters(): Array<[string, tf.Variable]>;
}

/** Mean loss of a batch: logits [B, classes], labels [B] int32. */
export type LossFn = (logits: tf.Tensor2D, labels: tf.Tensor1D) => tf.Scalar;

/** One line of a classifier's metrics.jsonl: the engine's fields and test_accuracy (percent). */
export interface EpochMetrics extends EpochRecord {
  test_accuracy: number;
}

export interface ClassifierTrainOptions {
  model: TrainableModel;
  loss: LossFn;
  train: MnistSplit;
  test: MnistSplit;
  epochs: number;
  batchSize: number;
  seed: number;
  /** Default 1e-3. */
  peakLr?: number;
  /** Default 2 (clamped to `epochs`). */
  warmupEpochs?: number;
  /** AdamW decoupled weight decay; default 0.01. */
  weightDecay?: number;
  /** Number of classes (logit columns); default 10. */
  classes?: number;
  /** Folder for checkpoint.safetensors, best.safetensors and metrics.jsonl; none = in memory only. */
  outDir?: string;
  /** Continue from outDir/checkpoint.safetensors when it exists; default false (start fresh). */
  resume?: boolean;
  /** Default 500. */
  evalBatchSize?: number;
  onStep?: (s: StepInfo) => void;
  onEpoch?: (e: EpochMetrics) => void;
  /** true: the console sink (stderr); a sink; default false. */
  progress?: boolean | ProgressSink;
  /** Mid-epoch checkpoint every this many global steps (0 = only at epoch ends); default 500. */
  checkpointEverySteps?: number;
  /** Checked between steps: on abort a checkpoint is written and TrainingAbortedError thrown. */
  signal?: AbortSignal;
  /**
   * How another thread builds this model and loss. With it, training and evaluation on the
   * wasm or cpu backend use two threads (data-parallel: each computes half of every batch),
   * unless `threads` is 1. Native TensorFlow backends use their own threads and ignore it.
   */
  replica?: ReplicaSpec;
  /** 1: one thread; 2: data-parallel with `replica`. Default: LLMNIST_THREADS, else 2 when the machine has 2 cores or more. */
  threads?: number;
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
