// Browser-safe: the engine with no file system and one thread (pass `files` to keep a run).
// In Node, "@llmnist/train" resolves to ./node.ts, which adds outDir files, replica threads
// and the backend pick.
import "./gradients.js";

// The engine: trains any model given its parameters and a loss of a batch of example indices.
export { train, CHECKPOINT_FILE, BEST_FILE, METRICS_FILE } from "./engine/train.js";
export type {
  TrainOptions,
  TrainResult,
  EpochRecord,
  StepInfo,
  ProgressSink,
  BestMetric,
  ParallelInfer,
} from "./engine/options.js";
export type { TrainBatch, LossOutput, BatchLoss, Infer, TaskParts } from "./engine/task.js";
export type { RunFiles } from "./engine/host.js";
export type { FactorySpec, ReplicaSpec } from "./data-parallel/factory.js";

// Classifiers on MNIST-shaped data: the paper's protocol.
export { trainClassifier } from "./trainer.js";
export { evaluateClassifier, type EvaluateOptions, type Evaluation } from "./evaluate.js";
export type { TrainableModel, LossFn, EpochMetrics, ClassifierTrainOptions, ClassifierTrainResult } from "./types.js";

// Parts a custom loop may want.
export { AdamW, type AdamWOptions } from "./adamw.js";
export { warmupCosineLr, paperSchedule, type WarmupCosineOptions } from "./schedule.js";
// Seeded random numbers (from @llmnist/random, re-exported for convenience).
export { createRng, deriveSeed, fnv1a32, type Rng } from "@llmnist/random";
export { NonFiniteLossError, TrainingAbortedError } from "./errors.js";
export { parseMetricsJsonl } from "./metrics.js";
export { createConsoleProgress, type ConsoleProgressOptions } from "./progress.js";
export { trainingCurveSvg, confusionMatrixSvg, type TrainingCurveOptions, type ConfusionMatrixOptions } from "./plots/index.js";
