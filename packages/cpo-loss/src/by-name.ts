import type * as tf from "@tensorflow/tfjs-core";
import { cpoLoss } from "./cpo.js";
import { cpoAllLoss } from "./cpo-all.js";
import { cpoCeLoss } from "./cpo-ce.js";
import { cpoMarginLoss } from "./cpo-margin.js";
import { crossEntropy } from "./cross-entropy.js";
import { checkBeta, checkFiniteOption } from "./validate.js";

/** A mean-reduced classification loss: logits [B, C], int32 labels [B] -> scalar. */
export type ClassificationLoss = (logits: tf.Tensor2D, labels: tf.Tensor1D) => tf.Scalar;

/** Every name lossByName, lossFactory and `llmnist train --loss` take. */
export const LOSS_NAMES = ["ce", "cpo", "cpo-all", "cpo-ce", "cpo-margin"] as const;

export type LossName = (typeof LOSS_NAMES)[number];

/** The options of every named loss; each loss reads only its own (see LOSS_OPTION_DEFAULTS). */
export interface LossOptions {
  /** cpo, cpo-all, cpo-ce, cpo-margin: preference strength, > 0. */
  beta?: number;
  /** cpo-ce: weight of the CPO term, >= 0. */
  lambda?: number;
  /** cpo-margin: required lead over the hardest wrong class in logits, >= 0. */
  margin?: number;
  /** cpo-all: temperature of the softmax weighting the wrong classes, > 0. */
  weightTemperature?: number;
}

/** The options each loss reads, with their defaults. */
export const LOSS_OPTION_DEFAULTS = {
  ce: {},
  cpo: { beta: 1 },
  "cpo-all": { beta: 1, weightTemperature: 1 },
  "cpo-ce": { beta: 1, lambda: 1 },
  "cpo-margin": { beta: 1, margin: 1 },
} as const satisfies Record<LossName, LossOptions>;

export function isLossName(name: unknown): name is LossName {
  return (LOSS_NAMES as readonly unknown[]).includes(name);
}

/**
 * The options `name` reads, defaults filled in and checked (e.g. for a run's record); options
 * the loss does not read are dropped. Throws on an unknown name or a bad value, naming `fn`.
 */
export function lossOptionsOf(name: LossName, options: LossOptions = {}, fn = "lossByName"): LossOptions {
  if (!isLossName(name)) {
    throw new Error(`${fn}: unknown loss ${JSON.stringify(name)}, expected one of ${LOSS_NAMES.map((n) => `"${n}"`).join(", ")}`);
  }
  const resolved: LossOptions = {};
  const defaults: LossOptions = LOSS_OPTION_DEFAULTS[name];
  if (defaults.beta !== undefined) resolved.beta = checkBeta(fn, options.beta ?? defaults.beta);
  if (defaults.weightTemperature !== undefined) {
    resolved.weightTemperature = checkFiniteOption(fn, "weightTemperature", options.weightTemperature ?? defaults.weightTemperature, "> 0");
  }
  if (defaults.lambda !== undefined) resolved.lambda = checkFiniteOption(fn, "lambda", options.lambda ?? defaults.lambda, ">= 0");
  if (defaults.margin !== undefined) resolved.margin = checkFiniteOption(fn, "margin", options.margin ?? defaults.margin, ">= 0");
  return resolved;
}

/**
 * The mean-reduced loss for a CLI / config name: "ce" (cross-entropy), "cpo" (classification
 * preference optimisation), "cpo-all" (CPO over all wrong classes), "cpo-ce" (cross-entropy +
 * lambda * CPO) or "cpo-margin" (CPO with a margin). Options a loss does not read are ignored;
 * the others are checked here, before any batch.
 */
export function lossByName(name: LossName, options: LossOptions = {}): ClassificationLoss {
  const o = lossOptionsOf(name, options);
  switch (name) {
    case "ce":
      return (logits, labels) => crossEntropy(logits, labels) as tf.Scalar;
    case "cpo":
      return (logits, labels) => cpoLoss(logits, labels, { beta: o.beta }) as tf.Scalar;
    case "cpo-all":
      return (logits, labels) => cpoAllLoss(logits, labels, { beta: o.beta, weightTemperature: o.weightTemperature }) as tf.Scalar;
    case "cpo-ce":
      return (logits, labels) => cpoCeLoss(logits, labels, { beta: o.beta, lambda: o.lambda }) as tf.Scalar;
    case "cpo-margin":
      return (logits, labels) => cpoMarginLoss(logits, labels, { beta: o.beta, margin: o.margin }) as tf.Scalar;
  }
}

/**
 * How another thread (a data-parallel replica) builds the same loss: this package's ESM
 * entry, the export and its arguments (plain data, structured-cloneable).
 */
export function lossFactory(name: LossName, options: LossOptions = {}): { module: string; exportName: string; args: unknown[] } {
  lossByName(name, options); // validates before another thread is asked to
  return { module: new URL("./index.js", import.meta.url).href, exportName: "lossByName", args: [name, options] };
}
