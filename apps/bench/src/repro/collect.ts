import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseMetricsJsonl } from "@llmnist/train";
import { expectedParameterCount, isViTPreset, VIT_PRESETS } from "@llmnist/vit";
import type { RunRecord } from "./run-record.js";
import { METRICS_FILE, parseRunDirName, readJsonObject, RUN_CONFIG_FILE, SUMMARY_FILE } from "./run-dir.js";

const FULL_TRAIN = 60_000;
const FULL_TEST = 10_000;

function num(obj: Record<string, unknown>, key: string, where: string): number {
  const v = obj[key];
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${where}: field "${key}" must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function str(obj: Record<string, unknown>, key: string, where: string): string {
  const v = obj[key];
  if (typeof v !== "string") throw new Error(`${where}: field "${key}" must be a string, got ${JSON.stringify(v)}`);
  return v;
}

/** A finished run from its summary.json. */
export function recordFromSummary(dir: string, summary: Record<string, unknown>): RunRecord {
  const where = join(dir, SUMMARY_FILE);
  const epochs = num(summary, "epochs", where);
  return {
    dir,
    preset: str(summary, "preset", where),
    loss: str(summary, "loss", where),
    seed: num(summary, "seed", where),
    epochsDone: epochs,
    epochsPlanned: epochs,
    bestAccuracy: num(summary, "best_accuracy", where),
    finalAccuracy: num(summary, "final_accuracy", where),
    params: typeof summary.params === "number" ? summary.params : undefined,
    backend: typeof summary.backend === "string" ? summary.backend : undefined,
    wallSeconds: num(summary, "wall_seconds", where),
    partial: false,
    trainImages: typeof summary.train_images === "number" ? summary.train_images : FULL_TRAIN,
    testImages: typeof summary.test_images === "number" ? summary.test_images : FULL_TEST,
  };
}

/** An unfinished run from metrics.jsonl (+ run.json or the folder name); undefined before its first epoch. */
export function recordFromMetrics(dir: string, name: string): RunRecord | undefined {
  const metricsPath = join(dir, METRICS_FILE);
  if (!existsSync(metricsPath)) return undefined;
  const epochs = parseMetricsJsonl(readFileSync(metricsPath, "utf8"), metricsPath, ["test_accuracy"]);
  if (epochs.length === 0) return undefined;
  const configPath = join(dir, RUN_CONFIG_FILE);
  const config = existsSync(configPath) ? readJsonObject(configPath) : undefined;
  const fromName = parseRunDirName(name);
  const preset = typeof config?.preset === "string" ? config.preset : fromName?.preset;
  const loss = typeof config?.loss === "string" ? config.loss : fromName?.loss;
  const seed = typeof config?.seed === "number" ? config.seed : fromName?.seed;
  if (preset === undefined || loss === undefined || seed === undefined) {
    throw new Error(`${dir}: a partial run without run.json and not named <preset>-<loss>-seed<N>: cannot tell what it is`);
  }
  const accuracies = epochs.map((e) => e.test_accuracy);
  return {
    dir,
    preset,
    loss,
    seed,
    epochsDone: epochs.length,
    epochsPlanned: typeof config?.epochs === "number" ? config.epochs : undefined,
    bestAccuracy: Math.max(...accuracies),
    finalAccuracy: accuracies[accuracies.length - 1]!,
    params: isViTPreset(preset) ? expectedParameterCount(VIT_PRESETS[preset]) : undefined,
    backend: undefined,
    wallSeconds: epochs.reduce((a, e) => a + e.seconds, 0),
    partial: true,
    trainImages: typeof config?.train_limit === "number" ? config.train_limit : FULL_TRAIN,
    testImages: typeof config?.test_limit === "number" ? config.test_limit : FULL_TEST,
  };
}

/** Every run under `outDir` (one folder each) that has at least one finished epoch. */
export function collectRuns(outDir: string): RunRecord[] {
  if (!existsSync(outDir)) return [];
  const records: RunRecord[] = [];
  for (const name of readdirSync(outDir).sort()) {
    const dir = join(outDir, name);
    if (!statSync(dir).isDirectory()) continue;
    const summaryPath = join(dir, SUMMARY_FILE);
    const record = existsSync(summaryPath) ? recordFromSummary(dir, readJsonObject(summaryPath)) : recordFromMetrics(dir, name);
    if (record !== undefined) records.push(record);
  }
  return records;
}
