import type * as tf from "@tensorflow/tfjs-core";
import { cpoLoss } from "./cpo.js";
import { crossEntropy } from "./cross-entropy.js";
import { checkBeta } from "./validate.js";

/** A mean-reduced classification loss: logits [B, C], int32 labels [B] -> scalar. */
export type ClassificationLoss = (logits: tf.Tensor2D, labels: tf.Tensor1D) => tf.Scalar;

export const LOSS_NAMES = ["ce", "cpo"] as const;

/**
 * The loss for a CLI / config name: "ce" (cross-entropy) or "cpo" (classification preference
 * optimisation, with `beta`, default 1). `beta` is ignored for "ce".
 */
export function lossByName(name: "ce" | "cpo", options: { beta?: number } = {}): ClassificationLoss {
  switch (name) {
    case "ce":
      return (logits, labels) => crossEntropy(logits, labels) as tf.Scalar;
    case "cpo": {
      const beta = checkBeta("lossByName", options.beta ?? 1);
      return (logits, labels) => cpoLoss(logits, labels, { beta }) as tf.Scalar;
    }
    default:
      throw new Error(`lossByName: unknown loss ${JSON.stringify(name)}, expected one of ${LOSS_NAMES.map((n) => `"${n}"`).join(", ")}`);
  }
}

/**
 * How another thread (a data-parallel replica) builds the same loss: this package's ESM
 * entry, the export and its arguments (plain data, structured-cloneable).
 */
export function lossFactory(name: "ce" | "cpo", options: { beta?: number } = {}): { module: string; exportName: string; args: unknown[] } {
  lossByName(name, options); // validates before another thread is asked to
  return { module: new URL("./index.js", import.meta.url).href, exportName: "lossByName", args: [name, options] };
}
