import type { EpochMetrics } from "./types.js";

/** One metrics.jsonl line (no newline), keys in a fixed order. */
export function epochMetricsLine(m: EpochMetrics): string {
  return JSON.stringify({
    epoch: m.epoch,
    train_loss: m.train_loss,
    test_accuracy: m.test_accuracy,
    lr: m.lr,
    seconds: m.seconds,
    steps: m.steps,
  });
}

/** The whole metrics.jsonl for a history: one line per epoch, each ending in "\n". */
export function metricsJsonl(history: readonly EpochMetrics[]): string {
  return history.map((m) => epochMetricsLine(m) + "\n").join("");
}

const FIELDS = ["epoch", "train_loss", "test_accuracy", "lr", "seconds", "steps"] as const;

/** Parses metrics.jsonl text back (blank lines ignored); `source` names the file in errors. */
export function parseMetricsJsonl(text: string, source = "metrics.jsonl"): EpochMetrics[] {
  const out: EpochMetrics[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      throw new Error(`${source}:${i + 1}: not JSON: ${(e as Error).message}`);
    }
    out.push(checkEpochMetrics(obj, `${source}:${i + 1}`));
  }
  return out;
}

/** Checks that `obj` has every EpochMetrics field as a number (train_loss may be null in JSON for NaN). */
export function checkEpochMetrics(obj: unknown, where: string): EpochMetrics {
  if (typeof obj !== "object" || obj === null) throw new Error(`${where}: expected an object, got ${JSON.stringify(obj)}`);
  const rec = obj as Record<string, unknown>;
  for (const f of FIELDS) {
    if (typeof rec[f] !== "number") {
      throw new Error(`${where}: field "${f}" must be a number, got ${JSON.stringify(rec[f])}`);
    }
  }
  return {
    epoch: rec.epoch as number,
    train_loss: rec.train_loss as number,
    test_accuracy: rec.test_accuracy as number,
    lr: rec.lr as number,
    seconds: rec.seconds as number,
    steps: rec.steps as number,
  };
}
