import type * as tf from "@tensorflow/tfjs-core";

/** The examples of one optimisation step, or of one thread's share of them. */
export interface TrainBatch {
  /** Example indices (into whatever the task trains on), in batch order. */
  indices: Uint32Array;
  /** 0-based epoch. */
  epoch: number;
  /** 0-based step within the epoch. */
  step: number;
  /** 0-based optimisation step since the start of training (resumed steps included). */
  globalStep: number;
  /** Position of `indices[0]` in the whole batch (non-zero on a data-parallel replica's share). */
  offset: number;
  /** Examples in the whole batch. */
  batchSize: number;
}

/** What a batch loss returns: the mean loss, or the mean loss and named scalar metrics (means over the batch). */
export type LossOutput = tf.Scalar | { loss: tf.Scalar; metrics?: Record<string, tf.Scalar> };

/** The mean loss of a batch; called inside tf.variableGrads, so it must be differentiable in the parameters. */
export type BatchLoss = (batch: TrainBatch) => LossOutput;

/**
 * Per-example outputs for evaluation (e.g. a predicted class), `width` numbers per index, in
 * index order. The indices are the task's own (e.g. into its test set).
 */
export type Infer = (indices: Uint32Array) => Float32Array;

/** What the engine trains; a data-parallel replica builds the same parts on its own thread. */
export interface TaskParts {
  /** Trainable parameters with stable names (checkpoint keys). */
  parameters: Array<[string, tf.Variable]>;
  loss: BatchLoss;
  infer?: Infer;
}

/** The loss and metric tensors of a LossOutput. */
export function splitLossOutput(out: LossOutput): { loss: tf.Scalar; metrics: Record<string, tf.Scalar> } {
  if ("loss" in out && typeof (out as { loss: unknown }).loss === "object" && !("dataSync" in out)) {
    const o = out as { loss: tf.Scalar; metrics?: Record<string, tf.Scalar> };
    return { loss: o.loss, metrics: o.metrics ?? {} };
  }
  return { loss: out as tf.Scalar, metrics: {} };
}
