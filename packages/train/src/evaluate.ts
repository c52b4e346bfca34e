import * as tf from "@tensorflow/tfjs-core";
import { makeBatch, type MnistSplit } from "@llmnist/mnist-data";
import { checkSplit } from "./split-check.js";
import type { TrainableModel } from "./types.js";

export interface EvaluateOptions {
  /** Default 500. */
  batchSize?: number;
  /** Default 10. */
  classes?: number;
}

export interface Evaluation {
  /** Percent correct. */
  accuracy: number;
  correct: number;
  total: number;
  /** Percent correct per true class (NaN for a class with no examples). */
  perClass: number[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
}

/**
 * Classifies the whole split in order (forward with training=false) and counts. The
 * prediction is the argmax of the logits (ties: lowest index).
 */
export function evaluateClassifier(model: TrainableModel, split: MnistSplit, opts: EvaluateOptions = {}): Evaluation {
  const { batchSize = 500, classes = 10 } = opts;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`evaluateClassifier: batchSize must be a positive integer, got ${batchSize}`);
  }
  if (!Number.isInteger(classes) || classes < 2) {
    throw new Error(`evaluateClassifier: classes must be an integer >= 2, got ${classes}`);
  }
  checkSplit(split, "evaluateClassifier:", classes);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  for (let start = 0; start < split.count; start += batchSize) {
    const end = Math.min(start + batchSize, split.count);
    const indices = new Uint32Array(end - start).map((_, k) => start + k);
    const preds = tf.tidy(() => {
      const { images } = makeBatch(split, indices); // labels come from split.labels directly
      const logits = model.forward(images, false);
      if (logits.rank !== 2 || logits.shape[0] !== end - start || logits.shape[1] !== classes) {
        throw new Error(
          `evaluateClassifier: model.forward returned logits of shape [${logits.shape}], expected [${end - start}, ${classes}]`,
        );
      }
      return tf.argMax(logits, 1).dataSync();
    });
    for (let k = 0; k < preds.length; k++) {
      const y = split.labels[start + k]!;
      const p = preds[k]!;
      confusion[y]![p]! += 1;
      if (p === y) correct++;
    }
  }
  const perClass = confusion.map((row, c) => {
    const n = row.reduce((a, b) => a + b, 0);
    return n === 0 ? NaN : (100 * row[c]!) / n;
  });
  return { accuracy: (100 * correct) / split.count, correct, total: split.count, perClass, confusion };
}
