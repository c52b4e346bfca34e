import { takeSubset, type MnistSplit } from "@llmnist/mnist-data";
import { evaluateClassifier, type Evaluation, type TrainableModel } from "@llmnist/train";
import { createCountProgress, type ProgressStream } from "../count-progress.js";

export interface EvaluateWithProgressOptions {
  /** Images per progress update; default 1000. */
  chunk?: number;
  /** Where the progress line goes; null for none. Default process.stderr. */
  stream?: ProgressStream | null;
}

/**
 * evaluateClassifier over the split in chunks, reporting progress between them (a full test
 * pass takes tens of seconds on the wasm backend); the counts are summed, so the result is
 * the same as one call over the whole split.
 */
export async function evaluateWithProgress(
  model: TrainableModel,
  split: MnistSplit,
  options: EvaluateWithProgressOptions = {},
): Promise<Evaluation> {
  const chunk = options.chunk ?? 1000;
  const progress = options.stream === null ? null : createCountProgress("evaluating", split.count, options.stream);
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  try {
    for (let start = 0; start < split.count; start += chunk) {
      const part = takeSubset(split, Math.min(chunk, split.count - start), start);
      const partial = evaluateClassifier(model, part, { batchSize: Math.min(250, part.count) });
      partial.confusion.forEach((row, t) => row.forEach((n, p) => (confusion[t]![p]! += n)));
      progress?.update(start + part.count);
      await new Promise((resolve) => setImmediate(resolve)); // let Ctrl-C through
    }
  } finally {
    progress?.done();
  }
  return evaluationFromConfusion(confusion);
}

/** Accuracy and per-class accuracy (percent) from confusion[true][predicted]. */
export function evaluationFromConfusion(confusion: number[][]): Evaluation {
  let correct = 0;
  let total = 0;
  const perClass = confusion.map((row, c) => {
    const n = row.reduce((a, b) => a + b, 0);
    correct += row[c] ?? 0;
    total += n;
    return n === 0 ? NaN : (100 * (row[c] ?? 0)) / n;
  });
  return { accuracy: total === 0 ? NaN : (100 * correct) / total, correct, total, perClass, confusion };
}
