/**
 * What llmnist's own apps and packages need from the engine but users should not depend on:
 * steppers (the bench times exactly the engine's step), replica factories, checkpoint
 * internals, formatting helpers, the fused-kernel switch the fast-kernel tests compare with.
 * No stability promise.
 */
import "./gradients.js";
// Node-only, like everything here: files, threads and replica threads for the engine.
import "./engine/node-host.js";

export { ensureGradientsRegistered } from "./gradients.js";
export { createStepper, createLocalStepper, resolveThreads, type Stepper, type StepResult, type StepperOptions } from "./engine/stepper.js";
export { batchGradients, type BatchGradients } from "./engine/batch-gradients.js";
export { splitLossOutput } from "./engine/task.js";
export { createDataParallelStepper, type DataParallelOptions, type DataParallelTiming } from "./data-parallel/data-parallel-stepper.js";
export { buildReplica, buildTaskParts, callFactory } from "./data-parallel/factory.js";
export { resolveModuleUrl } from "./data-parallel/module-url.js";
export { nodeRunFiles } from "./engine/node-host.js";
export { classifierParts, classifierReplica } from "./classifier-task.js";
export { evaluateWithInfer, type IndexPredictor } from "./evaluate.js";
export { probeNodePackage, findNativeBinding, BACKEND_ENV_VAR, type BackendAttempt } from "./backend.js";
export { withFusedKernels } from "./fused-switch.js";
export { mix32 } from "@llmnist/random";
export { loadCheckpoint, saveCheckpoint, saveWeights } from "./checkpoint-files.js";
export {
  checkpointContents,
  parseCheckpoint,
  weightsContents,
  restoreParams,
  restoreOptimizer,
  fingerprintMismatches,
  fnv1aHex,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type TrainFingerprint,
  type TrainState,
  type LoadedCheckpoint,
} from "./checkpoint.js";
export { epochMetricsLine, metricsJsonl, checkEpochRecord } from "./metrics.js";
export { formatDuration, formatLr, formatRate, formatStepLine, formatEpochLine, etaSeconds, imagesPerSecond } from "./progress.js";
