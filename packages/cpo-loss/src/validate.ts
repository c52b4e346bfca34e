import type * as tf from "@tensorflow/tfjs-core";

export type Reduction = "mean" | "none";

function shapeOf(t: tf.Tensor): string {
  return `[${t.shape.join(",")}]`;
}

function isTensor(value: unknown): value is tf.Tensor {
  return typeof value === "object" && value !== null && Array.isArray((value as tf.Tensor).shape);
}

/**
 * Checks logits [B, C] (float32) and labels [B] (int32 class indices in [0, C)) and returns
 * B and C. Reads the labels (B integers) to check their range: an out-of-range label would
 * otherwise one-hot to an all-zero row and give a silently wrong loss.
 */
export function checkLogitsAndLabels(
  fn: string,
  logits: tf.Tensor,
  labels: tf.Tensor,
  minClasses: number,
): { batch: number; classes: number } {
  if (!isTensor(logits)) throw new Error(`${fn}: logits must be a tf.Tensor, got ${typeof logits}`);
  if (!isTensor(labels)) throw new Error(`${fn}: labels must be a tf.Tensor, got ${typeof labels}`);
  if (logits.rank !== 2) {
    throw new Error(`${fn}: logits must be rank 2 [batch, classes], got rank ${logits.rank} (shape ${shapeOf(logits)})`);
  }
  if (labels.rank !== 1) {
    throw new Error(`${fn}: labels must be rank 1 [batch], got rank ${labels.rank} (shape ${shapeOf(labels)})`);
  }
  const [batch = 0, classes = 0] = logits.shape;
  if (labels.shape[0] !== batch) {
    throw new Error(`${fn}: labels must have batch ${batch} like logits ${shapeOf(logits)}, got ${labels.shape[0]}`);
  }
  if (batch === 0) throw new Error(`${fn}: expected a non-empty batch, got logits shape ${shapeOf(logits)}`);
  if (classes < minClasses) {
    throw new Error(`${fn}: expected at least ${minClasses} classes, got logits shape ${shapeOf(logits)}`);
  }
  if (logits.dtype !== "float32") throw new Error(`${fn}: logits must be float32, got ${logits.dtype}`);
  if (labels.dtype !== "int32") {
    throw new Error(`${fn}: labels must be int32 class indices (tf.tensor1d(ys, "int32")), got ${labels.dtype}`);
  }
  const values = labels.dataSync();
  for (let i = 0; i < values.length; i++) {
    const y = values[i] ?? 0;
    if (y < 0 || y >= classes) throw new Error(`${fn}: labels[${i}] = ${y} is outside [0, ${classes})`);
  }
  return { batch, classes };
}

/**
 * A bad loss option. The message names the function, the field, what was expected and what
 * was got; the fields let a caller (the CLI) say the same with its own flag name.
 */
export class LossOptionError extends Error {
  constructor(
    readonly fn: string,
    readonly field: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`${fn}: ${field} must be ${expected}, got ${String(got)}`);
    this.name = "LossOptionError";
  }
}

/** `value` when it is a finite number above 0 (`> 0`) or at least 0 (`>= 0`). */
export function checkFiniteOption(fn: string, field: string, value: unknown, bound: "> 0" | ">= 0"): number {
  const ok = typeof value === "number" && Number.isFinite(value) && (bound === "> 0" ? value > 0 : value >= 0);
  if (!ok) throw new LossOptionError(fn, field, `a finite number ${bound}`, value);
  return value as number;
}

export function checkBeta(fn: string, beta: unknown): number {
  return checkFiniteOption(fn, "beta", beta, "> 0");
}

export function checkReduction(fn: string, reduction: unknown): Reduction {
  if (reduction !== "mean" && reduction !== "none") {
    throw new Error(`${fn}: reduction must be "mean" or "none", got ${JSON.stringify(reduction)}`);
  }
  return reduction;
}
