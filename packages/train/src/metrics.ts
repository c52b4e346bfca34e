import type { EpochRecord } from "./engine/options.js";

/** The fields every metrics.jsonl line starts with, in this order; the task's metrics follow. */
const ENGINE_FIELDS = ["epoch", "steps", "train_loss", "lr", "seconds"] as const;

/** One metrics.jsonl line (no newline): the engine's fields first, then the task's in their order. */
export function epochMetricsLine(m: EpochRecord): string {
  const ordered: Record<string, number> = {};
  for (const f of ENGINE_FIELDS) ordered[f] = m[f];
  for (const [k, v] of Object.entries(m)) if (!(k in ordered)) ordered[k] = v;
  return JSON.stringify(ordered);
}

/** The whole metrics.jsonl for a history: one line per epoch, each ending in "\n". */
export function metricsJsonl(history: readonly EpochRecord[]): string {
  return history.map((m) => epochMetricsLine(m) + "\n").join("");
}

/**
 * Parses metrics.jsonl text back (blank lines ignored); `source` names the file in errors.
 * `required` names task metrics every line must have (e.g. ["test_accuracy"]).
 */
export function parseMetricsJsonl<K extends string = never>(
  text: string,
  source = "metrics.jsonl",
  required: readonly K[] = [],
): Array<EpochRecord & Record<K, number>> {
  const out: Array<EpochRecord & Record<K, number>> = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      throw new Error(`${source}:${i + 1}: not JSON: ${(e as Error).message}`);
    }
    out.push(checkEpochRecord(obj, `${source}:${i + 1}`, required) as EpochRecord & Record<K, number>);
  }
  return out;
}

/**
 * Checks that `obj` has the engine's fields and `required` as numbers; other fields must be
 * numbers or null (JSON's NaN).
 */
export function checkEpochRecord(obj: unknown, where: string, required: readonly string[] = []): EpochRecord {
  if (typeof obj !== "object" || obj === null) throw new Error(`${where}: expected an object, got ${JSON.stringify(obj)}`);
  const rec = obj as Record<string, unknown>;
  for (const f of [...ENGINE_FIELDS, ...required]) {
    if (typeof rec[f] !== "number") {
      throw new Error(`${where}: field "${f}" must be a number, got ${JSON.stringify(rec[f])}`);
    }
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(rec)) {
    if (typeof v === "number") out[k] = v;
    else if (v === null) out[k] = Number.NaN;
    else throw new Error(`${where}: field "${k}" must be a number, got ${JSON.stringify(v)}`);
  }
  return out as EpochRecord;
}
