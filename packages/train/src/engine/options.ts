import type * as tf from "@tensorflow/tfjs-core";
import type { FactorySpec } from "../data-parallel/factory.js";
import type { RunFiles } from "./host.js";
import type { BatchLoss, Infer } from "./task.js";

/**
 * One line of metrics.jsonl: the engine's fields, then the mean of each training metric over
 * the epoch's steps (`train_<name>`) and the evaluation's metrics (as named by `evaluate`).
 */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Optimisation steps in the epoch. */
  steps: number;
  /** Mean of the epoch's per-batch losses. */
  train_loss: number;
  /** The lr of the epoch's last step. */
  lr: number;
  /** Wall time of the epoch (training + evaluation; across sessions when resumed mid-epoch). */
  seconds: number;
  [metric: string]: number;
}

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
  /** This batch's metrics, as the loss returned them. */
  metrics: Record<string, number>;
  /** The lr this step used. */
  lr: number;
  /** Examples in this batch (the last batch of an epoch may be smaller). */
  batchSize: number;
  /** Training throughput since this call started (evaluation excluded). */
  examplesPerSecond: number;
  /** Estimated seconds of training left (evaluation excluded). */
  etaSeconds: number;
}

/** Receives progress; every method is optional. */
export interface ProgressSink {
  onStart?(info: { epochs: number; stepsPerEpoch: number; resumedFrom?: { epoch: number; step: number } }): void;
  onStep?(s: StepInfo): void;
  onEpoch?(e: EpochRecord, epochs: number): void;
  /** Occasional notices: resuming, threads, checkpoints written on abort. */
  onMessage?(line: string): void;
  /** Called once when training ends, normally or not. */
  close?(): void;
}

/** Which metric of the epoch records picks best.safetensors. */
export interface BestMetric {
  /** A field of EpochRecord: "train_loss", "test_accuracy", ... */
  metric: string;
  /** Default "max" (accuracies); "min" for losses. */
  mode?: "max" | "min";
}

/** infer() over any indices, split across the engine's threads when data-parallel. */
export type ParallelInfer = (indices: Uint32Array) => Promise<Float32Array>;

export interface TrainOptions {
  /** Trainable parameters with stable, unique names (checkpoint keys), float32 variables. */
  parameters: Array<[string, tf.Variable]>;
  /** Examples an epoch goes through (indices 0..examples-1, shuffled per epoch). */
  examples: number;
  /** Mean loss (and optional metrics) of a batch of example indices. */
  loss: BatchLoss;
  /** Per-example outputs for evaluation; lets `evaluate` use both threads when data-parallel. */
  infer?: Infer;
  /** Numbers per example that infer returns; default 1. */
  inferWidth?: number;
  /** Named metrics after each epoch (e.g. { test_accuracy }); receives infer across the threads. */
  evaluate?: (infer: ParallelInfer) => Promise<Record<string, number>> | Record<string, number>;
  /** Default { metric: "train_loss", mode: "min" }. */
  best?: BestMetric;
  epochs: number;
  batchSize: number;
  /** Seeds the per-epoch order; the task seeds its own randomness from TrainBatch. */
  seed: number;
  /** Default 1e-3. */
  peakLr?: number;
  /** Linear warm-up length in epochs; default 2 (clamped to `epochs`). Ignored when warmupSteps is set. */
  warmupEpochs?: number;
  /** Linear warm-up length in optimisation steps (clamped to the run's steps). */
  warmupSteps?: number;
  /** AdamW decoupled weight decay; default 0.01. */
  weightDecay?: number;
  /** Drop an epoch's last, smaller batch; default false. */
  dropLast?: boolean;
  /** Identifies the data (e.g. a hash of the labels); a resumed run must have the same. */
  dataFingerprint?: Record<string, string | number>;
  /** Folder for checkpoint.safetensors, best.safetensors and metrics.jsonl; none = in memory only. */
  outDir?: string;
  /** The run's files anywhere (e.g. memory or IndexedDB in a browser), instead of outDir. */
  files?: RunFiles;
  /** Continue from outDir/checkpoint.safetensors when it exists; default false (start fresh). */
  resume?: boolean;
  /** Mid-epoch checkpoint every this many global steps (0 = only at epoch ends); default 500. */
  checkpointEverySteps?: number;
  /** Extra metadata for best.safetensors and the checkpoint (e.g. the model's spec). */
  metadata?: Record<string, string>;
  /** Stop after this many steps in this call, with a checkpoint (for smoke runs); the result says completed: false. */
  maxSteps?: number;
  onStep?: (s: StepInfo) => void;
  onEpoch?: (e: EpochRecord) => void;
  /** true: the console sink (stderr); a sink; default false. */
  progress?: boolean | ProgressSink;
  /** Checked between steps: on abort a checkpoint is written and TrainingAbortedError thrown. */
  signal?: AbortSignal;
  /**
   * How another thread builds the same TaskParts ({ parameters, loss, infer }). With it,
   * training and infer on the wasm or cpu backend use two threads (data-parallel: each
   * computes half of every batch), unless `threads` is 1.
   */
  replica?: FactorySpec;
  /** 1: one thread; 2: data-parallel with `replica`. Default: LLMNIST_THREADS, else 2 when the machine has 2 cores or more. */
  threads?: number;
  /** Most indices one infer call hands a thread at a time; default 500. */
  inferBatchSize?: number;
}

export interface TrainResult {
  history: EpochRecord[];
  /** The best epoch by `best` (the first one, on ties); undefined before any epoch ended. */
  best: { metric: string; value: number; epoch: number } | undefined;
  /** Training wall time, summed over the sessions of a resumed run. */
  wallSeconds: number;
  /** Threads this call trained on: 2 when data-parallel, else 1. */
  threads: number;
  /** false when maxSteps stopped it early (a checkpoint was written when there is an outDir). */
  completed: boolean;
  /** Where this call picked up: epochs already completed and steps already done in the next one. */
  resumedFrom?: { epoch: number; step: number };
}
