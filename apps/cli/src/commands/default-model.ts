import { existsSync, readFileSync } from "node:fs";
import { DEFAULT_CHECKPOINT, DEFAULT_CHECKPOINT_INFO } from "../paths.js";

/** One line about the bundled model: where it is, and its test accuracy when its summary is there. */
export function describeDefaultModel(): string {
  if (!existsSync(DEFAULT_CHECKPOINT)) return `default model: not installed (${DEFAULT_CHECKPOINT} is missing)`;
  const accuracy = defaultModelAccuracy();
  return `default model: ${DEFAULT_CHECKPOINT}` + (accuracy === undefined ? "" : ` (${accuracy.toFixed(2)}% on the MNIST test set)`);
}

/** "accuracy" (else "best_accuracy", as in a summary.json) of the default model's info file. */
export function defaultModelAccuracy(): number | undefined {
  if (!existsSync(DEFAULT_CHECKPOINT_INFO)) return undefined;
  try {
    const info = JSON.parse(readFileSync(DEFAULT_CHECKPOINT_INFO, "utf8")) as Record<string, unknown>;
    const value = info.accuracy ?? info.best_accuracy;
    return typeof value === "number" ? value : undefined;
  } catch {
    return undefined;
  }
}
