import * as tf from "@tensorflow/tfjs-core";
import { klDivergence } from "./kl-divergence.js";
import { checkTemperature } from "./validate.js";

/** A mean-reduced label loss: logits [B, C], int32 labels [B] -> scalar (e.g. cross-entropy). */
export type LabelLoss = (logits: tf.Tensor2D, labels: tf.Tensor1D) => tf.Scalar;

/** The training examples of a batch, in batch order (an engine's TrainBatch is one). */
export interface ExampleBatch {
  indices: ArrayLike<number>;
}

export interface ClassifierDistillationOptions {
  /** The teacher's logits for every training example, row-major `[examples, classes]`. */
  teacherLogits: Float32Array;
  classes: number;
  /** Softmax temperature of the KL term (default 4). */
  temperature?: number;
  /** Weight w of the KL term in `(1 - w) label + w KL` (default 0.9), in [0, 1]. */
  weight?: number;
}

/** Defaults of classifierDistillationLoss (Hinton et al. 2015 used soft targets with a high T and most of the weight). */
export const CLASSIFIER_KD_DEFAULTS = { temperature: 4, weight: 0.9 } as const;

const FN = "classifierDistillationLoss";

/**
 * Classic knowledge distillation of a classifier from precomputed teacher logits:
 *   loss = (1 - w) labelLoss(student, labels) + w * klDivergence(teacher, student, { temperature: T })
 * (klDivergence already carries the T^2 factor). The teacher's rows are looked up by the batch's
 * example indices, so the teacher runs once over the training set instead of at every step:
 * exact whenever the training images are not augmented.
 */
export function classifierDistillationLoss(
  labelLoss: LabelLoss,
  options: ClassifierDistillationOptions,
): (logits: tf.Tensor2D, labels: tf.Tensor1D, batch: ExampleBatch) => tf.Scalar {
  const { teacherLogits, classes, temperature, weight } = checkOptions(options);
  const examples = teacherLogits.length / classes;
  return (logits, labels, batch) => {
    if (batch === undefined || batch.indices === undefined) throw new Error(`${FN}: the loss needs the batch's example indices (third argument)`);
    const n = batch.indices.length;
    if (logits.shape[0] !== n || logits.shape[1] !== classes) {
      throw new Error(`${FN}: student logits must be [${n}, ${classes}] for ${n} batch indices, got [${logits.shape.join(", ")}]`);
    }
    const rows = new Float32Array(n * classes);
    for (let b = 0; b < n; b++) {
      const index = batch.indices[b]!;
      if (!Number.isInteger(index) || index < 0 || index >= examples) throw new Error(`${FN}: example index ${index} is outside the teacher's ${examples} rows`);
      rows.set(teacherLogits.subarray(index * classes, (index + 1) * classes), b * classes);
    }
    return tf.tidy(() => {
      const teacher = tf.tensor2d(rows, [n, classes]);
      const kd = klDivergence(teacher, logits, { temperature });
      if (weight === 1) return kd;
      return tf.add(tf.mul(labelLoss(logits, labels), 1 - weight), tf.mul(kd, weight)) as tf.Scalar;
    });
  };
}

/** Where another thread imports a label loss maker from: `(await import(module))[exportName](...args)`. */
export interface LabelLossSpec {
  module: string;
  exportName: string;
  args?: unknown[];
}

/**
 * The same distillation loss built on another thread (a data-parallel replica): the label loss
 * comes from `labelLoss` (e.g. @llmnist/cpo-loss's lossFactory("ce")), the teacher logits are
 * copied (or shared, when backed by a SharedArrayBuffer).
 */
export async function classifierDistillationReplica(labelLoss: LabelLossSpec, options: ClassifierDistillationOptions) {
  const make = ((await import(labelLoss.module)) as Record<string, unknown>)[labelLoss.exportName];
  if (typeof make !== "function") throw new Error(`${FN}: ${labelLoss.module} has no function export "${labelLoss.exportName}"`);
  return classifierDistillationLoss((await make(...(labelLoss.args ?? []))) as LabelLoss, options);
}

/** The FactorySpec of classifierDistillationReplica, for an engine's replica option. */
export function classifierDistillationFactory(labelLoss: LabelLossSpec, options: ClassifierDistillationOptions): { module: string; exportName: string; args: unknown[] } {
  checkOptions(options);
  return { module: new URL("./index.js", import.meta.url).href, exportName: "classifierDistillationReplica", args: [labelLoss, options] };
}

function checkOptions(o: ClassifierDistillationOptions): Required<ClassifierDistillationOptions> {
  if (!(o.teacherLogits instanceof Float32Array)) throw new Error(`${FN}: teacherLogits must be a Float32Array [examples * classes]`);
  if (!Number.isInteger(o.classes) || o.classes < 2) throw new Error(`${FN}: classes must be an integer >= 2, got ${o.classes}`);
  if (o.teacherLogits.length === 0 || o.teacherLogits.length % o.classes !== 0) {
    throw new Error(`${FN}: teacherLogits has ${o.teacherLogits.length} values, not a positive multiple of ${o.classes} classes`);
  }
  const bad = o.teacherLogits.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${FN}: teacherLogits[${bad}] (example ${Math.floor(bad / o.classes)}) is ${o.teacherLogits[bad]}`);
  const temperature = checkTemperature(FN, o.temperature ?? CLASSIFIER_KD_DEFAULTS.temperature);
  const weight = o.weight ?? CLASSIFIER_KD_DEFAULTS.weight;
  if (typeof weight !== "number" || !(weight >= 0 && weight <= 1)) throw new Error(`${FN}: weight must be a number in [0, 1], got ${String(weight)}`);
  return { teacherLogits: o.teacherLogits, classes: o.classes, temperature, weight };
}
