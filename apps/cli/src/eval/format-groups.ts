import type { Evaluation } from "@llmnist/train";
import { evaluationJson } from "./format-evaluation.js";

/** "accuracy by font" and a line per value: accuracy, correct/total. */
export function formatGroups(field: string, groups: Map<string, Evaluation>): string {
  const width = Math.max(5, ...[...groups.keys()].map((k) => k.length));
  const lines = [`accuracy by ${field}`, `  ${"value".padEnd(width)}  accuracy  correct/total`];
  for (const [value, e] of groups) {
    lines.push(`  ${value.padEnd(width)}  ${`${e.accuracy.toFixed(2)}%`.padStart(8)}  ${e.correct}/${e.total}`);
  }
  return lines.join("\n");
}

/** The groups as JSON-ready data: { value: evaluationJson } in the same order. */
export function groupsJson(groups: Map<string, Evaluation>): Record<string, Record<string, unknown>> {
  return Object.fromEntries([...groups].map(([value, e]) => [value, evaluationJson(e)]));
}
