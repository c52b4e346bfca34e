import { lastLines } from "../shared/run-process.js";
import type { Measurement } from "./measure.js";

/** Prefix of the child's result line on stdout: anything else a library prints there is ignored. */
export const RESULT_MARKER = "LLMNIST_BENCH_RESULT ";

/** Prefix of the child's one-line failure reason on stderr. */
export const CHILD_ERROR_PREFIX = "bench-child: ";

/**
 * Why a child failed, in one line: its "bench-child:" line when it printed one, otherwise the
 * end of its stderr. A WebAssembly abort gets the likely cause added.
 */
export function childFailureReason(stderr: string): string {
  const lines = stderr.split("\n").filter((l) => l.trim() !== "");
  const own = [...lines].reverse().find((l) => l.startsWith(CHILD_ERROR_PREFIX));
  const reason = own !== undefined ? own.slice(CHILD_ERROR_PREFIX.length) : lines.slice(-3).join("\n");
  if (/Aborted\(\)/.test(reason)) {
    return `${reason} (a WebAssembly abort: most likely the wasm heap, at most 4 GB, ran out of memory)`;
  }
  return reason === "" ? "no output on stderr" : reason;
}

export function formatChildResult(m: Measurement): string {
  return RESULT_MARKER + JSON.stringify(m);
}

const REQUIRED = ["preset", "backend", "images_per_s", "peak_rss_mb", "eval_images_per_s", "latency_ms"] as const;

/** The measurement in a child's stdout; throws naming what is missing. */
export function parseChildOutput(stdout: string, stderr: string): Measurement {
  const line = stdout
    .split("\n")
    .reverse()
    .find((l) => l.startsWith(RESULT_MARKER));
  if (line === undefined) {
    throw new Error(`the measuring process printed no result line; its stderr ends with:\n${lastLines(stderr)}`);
  }
  const m = JSON.parse(line.slice(RESULT_MARKER.length)) as Record<string, unknown>;
  for (const key of REQUIRED) {
    if (m[key] === undefined) throw new Error(`the measuring process's result has no "${key}": ${line}`);
  }
  return m as unknown as Measurement;
}
