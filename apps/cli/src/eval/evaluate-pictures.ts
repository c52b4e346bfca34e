import type { Evaluation, TrainableModel } from "@llmnist/train";
import type { ProgressStream } from "../count-progress.js";
import { evaluateByGroup, evaluationOf } from "./group-evaluation.js";
import { fieldValues, type PictureMeta } from "./picture-meta.js";
import type { PictureSet } from "./picture-set.js";
import { pictureSetToSplit } from "./picture-set-to-split.js";
import { predictSplit } from "./predict-split.js";

export interface PictureEvaluation {
  evaluation: Evaluation;
  /** Per field of `by`, an evaluation per value of that field. */
  groups: Map<string, Map<string, Evaluation>>;
  /** The predicted digit of each picture evaluated. */
  predictions: Int32Array;
}

export interface EvaluatePicturesOptions {
  /** Only the first `limit` pictures. */
  limit?: number;
  /** Per-picture records and the file they came from, to break the accuracy down by `by`. */
  meta?: { records: PictureMeta; path: string; by: readonly string[] };
  stream?: ProgressStream | null;
}

/**
 * The model on labelled pictures of any size, each brought to MNIST form as `llmnist predict`
 * does (toMnistDigit): overall accuracy, per class, the confusion matrix, and the same per
 * value of each meta field asked for (e.g. per part, per font).
 */
export async function evaluatePictures(model: TrainableModel, set: PictureSet, options: EvaluatePicturesOptions = {}): Promise<PictureEvaluation> {
  const count = Math.min(options.limit ?? set.count, set.count);
  // Fields are checked before the model runs, so a typo fails at once.
  const fields = (options.meta?.by ?? []).map((field) => [field, fieldValues(options.meta!.records, field, options.meta!.path, count)] as const);
  const split = pictureSetToSplit(set, count);
  const predictions = await predictSplit(model, split, options.stream === undefined ? process.stderr : options.stream);
  const groups = new Map(fields.map(([field, values]) => [field, evaluateByGroup(split.labels, predictions, values)]));
  return { evaluation: evaluationOf(split.labels, predictions), groups, predictions };
}
