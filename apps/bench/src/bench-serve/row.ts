import type { LatencySummary } from "./latency.js";

/** The two routes measured. */
export const ENDPOINTS = ["classify", "chat"] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** The HTTP path of each endpoint. */
export const ENDPOINT_PATHS: Record<Endpoint, string> = { classify: "/v1/classify", chat: "/v1/chat/completions" };

/** How each server is started: its own flags after `llmnist serve --port 0`. */
export const MODES = [
  { name: "batched", serverArgs: [] as string[] },
  { name: "one-at-a-time", serverArgs: ["--max-batch", "1"] },
] as const;
export type Mode = (typeof MODES)[number]["name"];

/** One measurement of one cell (endpoint x concurrency x mode). */
export interface ServeRound extends LatencySummary {
  /** 200 answers whose digit is not the MNIST label (the model's own errors count here). */
  wrong: number;
  /** 200 answers that differ from the first answer this run got for the same image and endpoint. */
  changed: number;
  /** Non-200 responses, unreadable bodies and connection errors. */
  failed: number;
  /** From /health, this cell only: forward passes (classify) or batches (chat) and the items they held. */
  batches?: number;
  batched_requests?: number;
  /** Each request's time to the whole response, ms, in the order sent. */
  latencies_ms: number[];
}

/** One line of the report: a cell over all rounds (medians of the rounds, counts summed). */
export interface ServeCell {
  endpoint: Endpoint;
  concurrency: number;
  mode: Mode;
  /** Timed requests per round. */
  requests: number;
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  /** Median over the rounds of batched_requests / batches; absent without /health counters. */
  mean_batch?: number;
  wrong: number;
  changed: number;
  failed: number;
  /** The first few distinct failure messages. */
  failures: string[];
  rounds: ServeRound[];
}

/** Server memory when the measurements were done (from /proc/<pid>/status). */
export interface ServerMemory {
  rss_mb: number;
  /** The kernel's high-water mark of the RSS (VmHWM). */
  peak_rss_mb?: number;
}

/** What the report says about each server. */
export interface ServerInfo {
  mode: Mode;
  args: string[];
  /** The backend's short name ("wasm") from the server's `backend: ...` start-up line. */
  backend?: string;
  /** The server's start-up lines (backend, models). */
  startup: string[];
  memory?: ServerMemory;
  /** Seconds from spawning to `listening on`. */
  startup_s: number;
}
