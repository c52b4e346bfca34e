import { existsSync, readdirSync, statSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { lastLines, runProcess, type RunProcess } from "../shared/run-process.js";
import { SUMMARY_FILE } from "./run-dir.js";

/** Where repro:tables saves a run's result on the drawn digits (`llmnist eval --json`'s stdout). */
export const DRAWN_DIGITS_FILE = "drawn-digits.json";
/** The checkpoint evaluated: the best epoch's, as the tables' "best acc %". */
export const BEST_CHECKPOINT_FILE = "best.safetensors";

/** The files of the drawn-digit set (results/drawn-digits). */
export const DRAWN_DIGITS_SET = {
  images: "drawn-digits-images-idx3-ubyte.gz",
  labels: "drawn-digits-labels-idx1-ubyte.gz",
  meta: "meta.json",
} as const;

/** The set's files that `dir` lacks (all of them when the folder does not exist). */
export function missingSetFiles(dir: string): string[] {
  return Object.values(DRAWN_DIGITS_SET).filter((f) => !existsSync(join(dir, f)));
}

/** `llmnist eval` of a run's best model on the set, broken down by part (font, strokes) and polarity. */
export function evalArgs(runDir: string, setDir: string): string[] {
  return [
    "eval",
    "--checkpoint",
    join(runDir, BEST_CHECKPOINT_FILE),
    "--images",
    join(setDir, DRAWN_DIGITS_SET.images),
    "--labels",
    join(setDir, DRAWN_DIGITS_SET.labels),
    "--meta",
    join(setDir, DRAWN_DIGITS_SET.meta),
    "--by",
    "part,polarity",
    "--json",
  ];
}

const mtime = (path: string): number => statSync(path).mtimeMs;

/**
 * The finished runs in `outDir` (summary.json and best.safetensors) that have no drawn-digits.json,
 * or one older than best.safetensors (the run was overwritten since), as `outDir`/<name>.
 * `cwd`: what a relative `outDir` is relative to.
 */
export function runsToEvaluate(outDir: string, cwd: string, skip: (dir: string) => boolean = () => false): string[] {
  const abs = resolve(cwd, outDir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .sort()
    .map((name) => join(outDir, name))
    .filter((dir) => {
      const at = (file: string): string => resolve(cwd, dir, file);
      if (skip(dir) || !statSync(resolve(cwd, dir)).isDirectory()) return false;
      if (!existsSync(at(SUMMARY_FILE)) || !existsSync(at(BEST_CHECKPOINT_FILE))) return false;
      return !existsSync(at(DRAWN_DIGITS_FILE)) || mtime(at(DRAWN_DIGITS_FILE)) < mtime(at(BEST_CHECKPOINT_FILE));
    });
}

/**
 * The checked figures of `llmnist eval --json`'s output and the JSON line itself: its last line
 * must be an object with them.
 */
export function parseEvalOutput(stdout: string): { accuracy: number; total: number; json: string } {
  const line = lastLines(stdout, 1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`llmnist eval printed no JSON object: ${JSON.stringify(line.slice(0, 200))}`);
  }
  const o = (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? parsed : {}) as Record<string, unknown>;
  const { accuracy, total } = o;
  if (typeof accuracy !== "number" || !(accuracy >= 0 && accuracy <= 100)) {
    throw new Error(`llmnist eval's JSON: field "accuracy" must be a percentage, got ${JSON.stringify(accuracy)}`);
  }
  if (typeof total !== "number" || !Number.isInteger(total) || total < 1) {
    throw new Error(`llmnist eval's JSON: field "total" must be a positive integer, got ${JSON.stringify(total)}`);
  }
  return { accuracy, total, json: line };
}

export interface DrawnDigitsOptions {
  /** The program and its leading arguments, as for the trainings. */
  cli: readonly string[];
  /** Where the CLI runs (the repository root); `runDirs` and `setDir` are relative to it. */
  cwd: string;
  run?: RunProcess;
  log(line: string): void;
  /** Checked between evaluations. */
  signal?: AbortSignal;
}

export interface EvalOutcome {
  dir: string;
  status: "ok" | "failed" | "not-started";
  /** Percent, when ok. */
  accuracy?: number;
  detail?: string;
}

/**
 * Evaluates each run's best.safetensors on the drawn-digit set in `setDir`, one after the other,
 * and saves the CLI's JSON as the run's drawn-digits.json (written whole or not at all, so the
 * tables never read half a file). A failure is logged and the next run still evaluated.
 */
export async function evaluateDrawnDigits(runDirs: readonly string[], setDir: string, o: DrawnDigitsOptions): Promise<EvalOutcome[]> {
  const run = o.run ?? runProcess;
  const [program, ...lead] = o.cli;
  if (program === undefined) throw new Error("repro:tables: the CLI command is empty");
  const outcomes: EvalOutcome[] = [];
  for (const [i, dir] of runDirs.entries()) {
    const label = `[${i + 1}/${runDirs.length}] drawn digits: ${dir}`;
    if (o.signal?.aborted) {
      outcomes.push({ dir, status: "not-started", detail: "interrupted before it started" });
      continue;
    }
    // Captured, not shown: stdout is the JSON; stderr only a progress bar (its end shown on failure).
    const r = await run(program, [...lead, ...evalArgs(dir, setDir)], { cwd: o.cwd });
    try {
      if (r.code !== 0) throw new Error(`exit ${r.code ?? r.signal}${r.stderr.trim() === "" ? "" : `: ${lastLines(r.stderr, 3)}`}`);
      const { accuracy, total, json } = parseEvalOutput(r.stdout);
      const path = resolve(o.cwd, dir, DRAWN_DIGITS_FILE);
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, `${json}\n`);
      await rename(temp, path);
      o.log(`${label}: ${accuracy.toFixed(2)}% of ${total} pictures, saved in ${join(dir, DRAWN_DIGITS_FILE)}`);
      outcomes.push({ dir, status: "ok", accuracy });
    } catch (e) {
      const detail = (e as Error).message;
      o.log(`${label}: failed (${detail})`);
      outcomes.push({ dir, status: "failed", detail });
    }
  }
  return outcomes;
}
