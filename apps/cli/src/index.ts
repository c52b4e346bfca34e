// The CLI's pieces as a library: apps/bench reuses runTrain; the image preprocessing and the
// model loader are useful on their own.
export { UsageError, type Command } from "./command.js";
export { runCli, topLevelUsage } from "./cli.js";
export { COMMANDS, evalCommand, infoCommand, logitsCommand, predictCommand, trainCommand } from "./commands/index.js";
export { PAPER_SEED, runTrain, type RunTrainOptions, type RunTrainResult } from "./train/run-train.js";
export type { TrainSummary } from "./train/summary.js";
export { outFiles, type OutFiles } from "./train/out-files.js";
export { readRunConfig, type RunConfig } from "./train/run-config.js";
export { loadModelFile, type LoadedModel, type LoadModelOptions } from "./model/load-model.js";
export { checkpointKind, type CheckpointKind, type WeightsLayout } from "./model/checkpoint-kind.js";
export { inferPreset } from "./model/infer-config.js";
export { evaluateWithProgress, evaluationFromConfusion } from "./eval/evaluate-with-progress.js";
export { parseIndexRanges } from "./args/index-ranges.js";
export { shellJoin } from "./args/shell-quote.js";
export { DEFAULT_CHECKPOINT, DEFAULT_CHECKPOINT_INFO } from "./paths.js";
export * from "./image/index.js";
export { startServer, SERVE_DEFAULTS, type RunningServer, type ServeOptions } from "./serve/index.js";
