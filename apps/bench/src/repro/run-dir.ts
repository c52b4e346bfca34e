import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LOSS_NAMES } from "@llmnist/cpo-loss";

/**
 * Folder name of one run: the CLI's own default naming, e.g. 0.21M-cpo-seed6737151; repro:tables
 * puts a run distilled from a teacher (--teacher) apart with "-kd" before the seed, and one trained
 * on augmented images (--augment) with "-aug": 0.21M-ce-kd-seed1, 0.21M-ce-aug-seed1, 0.21M-ce-kd-aug-seed1.
 */
export function runDirName(preset: string, loss: string, seed: number, kd = false, augmented = false): string {
  return `${preset}-${loss}${kd ? "-kd" : ""}${augmented ? "-aug" : ""}-seed${seed}`;
}

/** The loss names with a hyphen ("cpo-all"), tried before a one-word loss so the hyphen stays in the loss. */
const HYPHENATED_LOSSES = LOSS_NAMES.filter((n) => n.includes("-")).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
const RUN_DIR = new RegExp(`^(.+?)-(${[...HYPHENATED_LOSSES, "[a-z]+"].join("|")})(-kd)?(-aug)?-seed(\\d+)$`);

/** What a run folder's name says about the run. */
export interface RunDirName {
  preset: string;
  loss: string;
  seed: number;
  /** "-kd": distilled from a teacher. */
  kd: boolean;
  /** "-aug": trained on augmented images. */
  augmented: boolean;
}

/**
 * Reads "0.21M-cpo-seed6737151" (kd false), "0.21M-ce-kd-seed1" (kd true), "0.21M-ce-aug-seed1"
 * (augmented) or "0.21M-cpo-all-seed1" (loss cpo-all) back; undefined for other names.
 */
export function parseRunDirName(name: string): RunDirName | undefined {
  // Lazy preset: "0.21M-ce-kd-seed1" is 0.21M / ce / kd, not preset "0.21M-ce" with loss "kd";
  // "0.21M-cpo-all-seed1" is 0.21M / cpo-all, not preset "0.21M-cpo" with loss "all".
  const m = RUN_DIR.exec(name);
  return m === null ? undefined : { preset: m[1]!, loss: m[2]!, seed: Number(m[5]), kd: m[3] !== undefined, augmented: m[4] !== undefined };
}

/** The files of a run folder that decide what to do with it. */
export interface RunDirState {
  /** summary.json, parsed (the CLI writes it last, so it means the run finished). */
  summary?: Record<string, unknown>;
  hasCheckpoint: boolean;
  /** run.json: the CLI's record of the run's options. */
  hasRunConfig: boolean;
}

export const SUMMARY_FILE = "summary.json";
export const RUN_CONFIG_FILE = "run.json";
export const CHECKPOINT_FILE = "checkpoint.safetensors";
export const METRICS_FILE = "metrics.jsonl";

/** Reads a JSON file as an object, or throws naming the file. */
export function readJsonObject(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: cannot read JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: expected a JSON object`);
  return parsed as Record<string, unknown>;
}

export function inspectRunDir(dir: string): RunDirState {
  const summaryPath = join(dir, SUMMARY_FILE);
  return {
    ...(existsSync(summaryPath) ? { summary: readJsonObject(summaryPath) } : {}),
    hasCheckpoint: existsSync(join(dir, CHECKPOINT_FILE)),
    hasRunConfig: existsSync(join(dir, RUN_CONFIG_FILE)),
  };
}
