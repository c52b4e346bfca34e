import * as tf from "@tensorflow/tfjs-core";
import { splitLossOutput, type TaskParts, type TrainBatch } from "./task.js";

/** A batch's loss and metrics (numbers) and the gradients of the loss, keyed by tf variable name. */
export interface BatchGradients {
  loss: number;
  metrics: Record<string, number>;
  grads: tf.NamedTensorMap;
}

/**
 * Runs the task's loss on a batch under tf.variableGrads. Metric tensors are kept out of the
 * forward pass's tidy and read after it. The caller disposes `grads`.
 */
export function batchGradients(parts: TaskParts, vars: tf.Variable[], batch: TrainBatch): BatchGradients {
  let metricTensors: Record<string, tf.Scalar> = {};
  const { value, grads } = tf.variableGrads(() => {
    const { loss, metrics } = splitLossOutput(parts.loss(batch));
    for (const t of Object.values(metrics)) tf.keep(t);
    metricTensors = metrics;
    return loss;
  }, vars);
  try {
    const metrics: Record<string, number> = {};
    for (const [name, t] of Object.entries(metricTensors)) metrics[name] = t.dataSync()[0]!;
    return { loss: value.dataSync()[0]!, metrics, grads };
  } catch (e) {
    tf.dispose(Object.values(grads));
    throw e;
  } finally {
    value.dispose();
    tf.dispose(Object.values(metricTensors));
  }
}
