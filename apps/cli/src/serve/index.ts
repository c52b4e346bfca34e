// `llmnist serve` as a library: startServer and its pieces.
export { startServer, SERVE_DEFAULTS, type BatchCounters, type RunningServer, type ServeOptions } from "./server.js";
export { Batcher, type BatcherOptions, type BatcherStats, type BatchRunner } from "./batcher.js";
export { ApiError } from "./errors.js";
