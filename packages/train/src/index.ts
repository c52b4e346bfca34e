import "./gradients.js";

export { ensureGradientsRegistered } from "./gradients.js";
export {
  selectBackend,
  describeBackend,
  probeNodePackage,
  findNativeBinding,
  BACKEND_NAMES,
  BACKEND_ENV_VAR,
  type BackendName,
  type BackendChoice,
  type BackendAttempt,
  type SelectBackendOptions,
} from "./backend.js";
export { AdamW, type AdamWOptions } from "./adamw.js";
export { createOptimizationStep, type OptimizationStep } from "./step.js";
export { warmupCosineLr, paperSchedule, type WarmupCosineOptions } from "./schedule.js";
export { createRng, deriveSeed, mix32, type Rng } from "./rng.js";
export { trainClassifier, CHECKPOINT_FILE, BEST_FILE, METRICS_FILE } from "./trainer.js";
export { evaluateClassifier, evaluateWithPredictor, type BatchPredictor, type EvaluateOptions, type Evaluation } from "./evaluate.js";
export { createDataParallel, type DataParallel, type DataParallelOptions } from "./data-parallel/data-parallel-step.js";
export { buildReplica, resolveModuleUrl, type FactorySpec, type ReplicaSpec } from "./data-parallel/factory.js";
export { resolveThreads } from "./data-parallel/for-training.js";
export { NonFiniteLossError, TrainingAbortedError } from "./errors.js";
export {
  loadCheckpoint,
  saveCheckpoint,
  saveWeights,
  restoreParams,
  restoreOptimizer,
  fingerprintMismatches,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type TrainFingerprint,
  type TrainState,
  type LoadedCheckpoint,
} from "./checkpoint.js";
export { epochMetricsLine, metricsJsonl, parseMetricsJsonl } from "./metrics.js";
export {
  createConsoleProgress,
  formatDuration,
  formatLr,
  formatRate,
  formatStepLine,
  formatEpochLine,
  etaSeconds,
  imagesPerSecond,
  type ConsoleProgressOptions,
} from "./progress.js";
export type {
  TrainableModel,
  LossFn,
  StepInfo,
  EpochMetrics,
  ProgressSink,
  TrainOptions,
  TrainResult,
} from "./types.js";
export {
  trainingCurveSvg,
  confusionMatrixSvg,
  type TrainingCurveOptions,
  type ConfusionMatrixOptions,
} from "./plots/index.js";
