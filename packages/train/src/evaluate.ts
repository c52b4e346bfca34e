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

/** Predicted classes of a split's examples at `indices`. */
export type IndexPredictor = (indices: Uint32Array) => Promise<ArrayLike<number>>;

function checkOptions(batchSize: number, classes: number, split: MnistSplit): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`evaluateClassifier: batchSize must be a positive integer, got ${batchSize}`);
  }
  if (!Number.isInteger(classes) || classes < 2) {
    throw new Error(`evaluateClassifier: classes must be an integer >= 2, got ${classes}`);
  }
  checkSplit(split, "evaluateClassifier:", classes);
}

/** Counts predictions against the split's labels batch by batch. */
class Tally {
  readonly confusion: number[][];
  correct = 0;
  constructor(classes: number) {
    this.confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  }
  add(split: MnistSplit, start: number, preds: ArrayLike<number>): void {
    for (let k = 0; k < preds.length; k++) {
      const y = split.labels[start + k]!;
      const p = preds[k]!;
      this.confusion[y]![p]! += 1;
      if (p === y) this.correct++;
    }
  }
  result(total: number): Evaluation {
    const perClass = this.confusion.map((row, c) => {
      const n = row.reduce((a, b) => a + b, 0);
      return n === 0 ? NaN : (100 * row[c]!) / n;
    });
    return { accuracy: (100 * this.correct) / total, correct: this.correct, total, perClass, confusion: this.confusion };
  }
}

function batchIndices(start: number, end: number): Uint32Array {
  return new Uint32Array(end - start).map((_, k) => start + k);
}

/**
 * Classifies the whole split in order (forward with training=false) and counts. The
 * prediction is the argmax of the logits (ties: lowest index).
 */
export function evaluateClassifier(model: TrainableModel, split: MnistSplit, opts: EvaluateOptions = {}): Evaluation {
  const { batchSize = 500, classes = 10 } = opts;
  checkOptions(batchSize, classes, split);
  const tally = new Tally(classes);
  for (let start = 0; start < split.count; start += batchSize) {
    const end = Math.min(start + batchSize, split.count);
    const preds = tf.tidy(() => {
      const { images } = makeBatch(split, batchIndices(start, end)); // labels come from split.labels directly
      const logits = model.forward(images, false);
      if (logits.rank !== 2 || logits.shape[0] !== end - start || logits.shape[1] !== classes) {
        throw new Error(
          `evaluateClassifier: model.forward returned logits of shape [${logits.shape}], expected [${end - start}, ${classes}]`,
        );
      }
      return tf.argMax(logits, 1).dataSync();
    });
    tally.add(split, start, preds);
  }
  return tally.result(split.count);
}

/**
 * evaluateClassifier with another way to predict: `infer` returns the predicted class of the
 * split's examples at the given indices (e.g. the engine's infer, across threads).
 */
export async function evaluateWithInfer(infer: IndexPredictor, split: MnistSplit, opts: EvaluateOptions = {}): Promise<Evaluation> {
  const { batchSize = 500, classes = 10 } = opts;
  checkOptions(batchSize, classes, split);
  const tally = new Tally(classes);
  for (let start = 0; start < split.count; start += batchSize) {
    const end = Math.min(start + batchSize, split.count);
    const preds = await infer(batchIndices(start, end));
    if (preds.length !== end - start) throw new Error(`evaluateWithInfer: ${preds.length} predictions for a batch of ${end - start}`);
    for (let k = 0; k < preds.length; k++) {
      const p = preds[k]!;
      if (!Number.isInteger(p) || p < 0 || p >= classes) throw new Error(`evaluateWithInfer: prediction ${p} is not a class in 0..${classes - 1}`);
    }
    tally.add(split, start, preds);
  }
  return tally.result(split.count);
}
