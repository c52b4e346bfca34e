export { benchTrainMain } from "./bench-train-cli.js";
export { parseBenchTrainArgs, BENCH_TRAIN_USAGE, type BenchTrainOptions } from "./bench-train/options.js";
export { runBenchTrain, type BenchTrainDeps } from "./bench-train/run.js";
export { measurePreset, type MeasureOptions, type Measurement } from "./bench-train/measure.js";
export { benchTable, benchJsonl } from "./bench-train/report.js";
export type { BenchRow } from "./bench-train/row.js";
export { DEFAULT_WORKLOADS, type Workload } from "./bench-train/workload.js";
