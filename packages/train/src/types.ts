import type * as tf from "@tensorflow/tfjs-core";
import type { MnistSplit } from "@llmnist/mnist-data";
import type { ReplicaSpec } from "./data-parallel/factory.js";

/** A classifier the engine can train. */
export interface TrainableModel {
  /** logits [B, classes] for images [B, 28, 28, 1]; called inside tf.tidy / tf.variableGrads */
  forward(images: tf.Tensor4D, training: boolean): tf.Tensor2D;
  /** trainable parameters with stable names (used as checkpoint keys) */
  namedParameters(): Array<[string, tf.Variable]>;
}

/** Mean loss of a batch: logits [B, classes], labels [B] int32. */
export type LossFn = (logits: tf.Tensor2D, labels: tf.Tensor1D) => tf.Scalar;

/** Reported after every optimisation step. */
export interface StepInfo {
  /** 1-based epoch. */
  epoch: number;
  epochs: number;
  /** 1-based step within the epoch. */
  step: number;
  stepsPerEpoch: number;
  /** Steps done since the start of training (resumed steps included), 1-based. */
  globalStep: number;
  totalSteps: number;
  /** This batch's loss. */
  loss: number;
  /** The lr this step used. */
  lr: number;
  /** Examples in this batch (the last batch of an epoch may be smaller). */
  batchSize: number;
  /** Training throughput since this call of trainClassifier started (evaluation excluded). */
  imagesPerSecond: number;
  /** Estimated seconds of training left (evaluation excluded). */
  etaSeconds: number;
}

/** One line of metrics.jsonl. */
export interface EpochMetrics {
  /** 1-based. */
  epoch: number;
  /** Mean of the epoch's per-batch losses. */
  train_loss: number;
  /** Percent of the test split classified correctly after this epoch. */
  test_accuracy: number;
  /** The lr of the epoch's last step. */
  lr: number;
  /** Wall time of the epoch (training + evaluation; across sessions when resumed mid-epoch). */
  seconds: number;
  /** Optimisation steps in the epoch. */
  steps: number;
}

/** Receives progress; every method is optional. */
export interface ProgressSink {
  onStart?(info: { epochs: number; stepsPerEpoch: number; resumedFrom?: { epoch: number; step: number } }): void;
  onStep?(s: StepInfo): void;
  onEpoch?(e: EpochMetrics, epochs: number): void;
  /** Occasional notices: resuming, checkpoints written on abort. */
  onMessage?(line: string): void;
  /** Called once when training ends, normally or not. */
  close?(): void;
}

export interface TrainOptions {
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

export interface TrainResult {
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
