import { readFile } from "node:fs/promises";
import type { LossOptions } from "@llmnist/cpo-loss";
import type { AugmentOptions } from "@llmnist/mnist-data";
import { writeFileAtomic } from "@llmnist/safetensors/node";
import { augmentDifferences } from "./augment-options.js";
import { lossOptionsDifferences } from "./loss-options.js";

/** The options that define a training run; a resumed run must use the same ones. */
export interface RunConfig {
  preset: string;
  loss: string;
  seed: number;
  epochs: number;
  batch: number;
  train_limit: number | null;
  test_limit: number | null;
  /**
   * The options the loss reads, defaults filled in (--cpo-beta, --cpo-lambda, ...); absent for a
   * loss that reads none (ce), and in runs from before they were recorded (they used the defaults).
   */
  loss_options?: LossOptions;
  /** Distillation from a teacher (--teacher); absent or null for none. */
  kd?: KdConfig | null;
  /**
   * The augmentation of the training images (--augment and its knobs), every field filled in;
   * absent for none (so a run without it writes the same run.json as before it existed).
   */
  augment?: AugmentOptions | null;
}

/** `llmnist train --teacher FILE --kd-temperature T --kd-weight W`. */
export interface KdConfig {
  teacher: string;
  /** FNV-1a of the teacher file's bytes: a resumed run must distil from the same weights. */
  teacher_hash: string;
  temperature: number;
  weight: number;
}

/** Flag names for messages. */
const FLAG_OF: Record<Exclude<keyof RunConfig, "kd" | "loss_options" | "augment">, string> = {
  preset: "--preset",
  loss: "--loss",
  seed: "--seed",
  epochs: "--epochs",
  batch: "--batch",
  train_limit: "--train-limit",
  test_limit: "--test-limit",
};

export async function writeRunConfig(path: string, config: RunConfig): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(config, null, 2) + "\n");
}

export async function readRunConfig(path: string): Promise<RunConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: cannot read the run's options: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null) throw new Error(`${path}: expected a JSON object`);
  const record = parsed as Record<string, unknown>;
  for (const key of Object.keys(FLAG_OF) as Array<keyof typeof FLAG_OF>) {
    if (!(key in record)) throw new Error(`${path}: field "${key}" is missing`);
  }
  return record as unknown as RunConfig;
}

/** "--loss is cpo now, ce in the saved run" for every option that differs. */
export function runConfigDifferences(saved: RunConfig, now: RunConfig): string[] {
  const show = (v: unknown): string => (v === null ? "not set" : String(v));
  const diffs = (Object.keys(FLAG_OF) as Array<keyof typeof FLAG_OF>)
    .filter((k) => saved[k] !== now[k])
    .map((k) => `${FLAG_OF[k]} is ${show(now[k])} now but was ${show(saved[k])}`);
  diffs.push(...lossOptionsDifferences(saved, now));
  diffs.push(...augmentDifferences(saved.augment, now.augment));
  const a = saved.kd ?? null;
  const b = now.kd ?? null;
  if (a === null || b === null) {
    if (a !== b) diffs.push(`--teacher is ${b === null ? "not set" : b.teacher} now but was ${a === null ? "not set" : a.teacher}`);
  } else {
    if (a.teacher_hash !== b.teacher_hash) diffs.push(`--teacher ${b.teacher} is not the file the run started with (${a.teacher}, fnv1a ${a.teacher_hash})`);
    if (a.temperature !== b.temperature) diffs.push(`--kd-temperature is ${b.temperature} now but was ${a.temperature}`);
    if (a.weight !== b.weight) diffs.push(`--kd-weight is ${b.weight} now but was ${a.weight}`);
  }
  return diffs;
}
