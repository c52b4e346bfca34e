import type { Evaluation } from "@llmnist/train";

const pad = (text: string, width: number): string => text.padStart(width);

/** The evaluation as a terminal report: overall accuracy, per-class accuracy, confusion matrix. */
export function formatEvaluation(e: Evaluation): string {
  const lines = [`accuracy ${e.accuracy.toFixed(2)}% (${e.correct}/${e.total})`, "", "digit  accuracy  images"];
  e.perClass.forEach((acc, digit) => {
    const count = e.confusion[digit]!.reduce((a, b) => a + b, 0);
    lines.push(`${pad(String(digit), 5)}  ${pad(Number.isNaN(acc) ? "-" : `${acc.toFixed(2)}%`, 8)}  ${pad(String(count), 6)}`);
  });
  const width = Math.max(4, ...e.confusion.flat().map((n) => String(n).length + 1));
  lines.push("", "confusion matrix (rows: true digit, columns: predicted digit)");
  lines.push("     " + e.confusion.map((_, p) => pad(String(p), width)).join(""));
  e.confusion.forEach((row, t) => lines.push(pad(String(t), 4) + " " + row.map((n) => pad(String(n), width)).join("")));
  return lines.join("\n");
}

/** The evaluation as JSON-ready data (per-class NaN becomes null). */
export function evaluationJson(e: Evaluation): Record<string, unknown> {
  return {
    accuracy: e.accuracy,
    correct: e.correct,
    total: e.total,
    per_class: e.perClass.map((v) => (Number.isNaN(v) ? null : v)),
    confusion: e.confusion,
  };
}
