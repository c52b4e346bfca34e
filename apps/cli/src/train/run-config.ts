import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "@llmnist/safetensors/node";

/** The options that define a training run; a resumed run must use the same ones. */
export interface RunConfig {
  preset: string;
  loss: string;
  seed: number;
  epochs: number;
  batch: number;
  train_limit: number | null;
  test_limit: number | null;
}

/** Flag names for messages. */
const FLAG_OF: Record<keyof RunConfig, string> = {
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
  for (const key of Object.keys(FLAG_OF) as Array<keyof RunConfig>) {
    if (!(key in record)) throw new Error(`${path}: field "${key}" is missing`);
  }
  return record as unknown as RunConfig;
}

/** "--loss is cpo now, ce in the saved run" for every option that differs. */
export function runConfigDifferences(saved: RunConfig, now: RunConfig): string[] {
  const show = (v: unknown): string => (v === null ? "not set" : String(v));
  return (Object.keys(FLAG_OF) as Array<keyof RunConfig>)
    .filter((k) => saved[k] !== now[k])
    .map((k) => `${FLAG_OF[k]} is ${show(now[k])} now but was ${show(saved[k])}`);
}
