import * as tf from "@tensorflow/tfjs-core";
import { collectAuxiliaryLosses, sumAuxiliaryLosses } from "@llmnist/nn-layers";
import { splitLossOutput, type TaskParts, type TrainBatch } from "./task.js";

/** A batch's loss and metrics (numbers) and the gradients of the loss, keyed by tf variable name. */
export interface BatchGradients {
  loss: number;
  metrics: Record<string, number>;
  grads: tf.NamedTensorMap;
}

/**
 * Runs the task's loss on a batch under tf.variableGrads. Auxiliary losses that layers report
 * during it (e.g. a mixture of experts' load balancing, @llmnist/nn-layers) are added to the
 * task's loss, and their sum is the metric `aux_loss`; the engine knows no layer by name. Metric
 * tensors are kept out of the forward pass's tidy and read after it. The caller disposes `grads`.
 */
export function batchGradients(parts: TaskParts, vars: tf.Variable[], batch: TrainBatch): BatchGradients {
  let metricTensors: Record<string, tf.Scalar> = {};
  const { value, grads } = tf.variableGrads(() => {
    const { result, auxiliary } = collectAuxiliaryLosses(() => parts.loss(batch));
    const { loss, metrics } = splitLossOutput(result);
    const aux = sumAuxiliaryLosses(auxiliary); // null when no layer reported one
    if (aux !== null && "aux_loss" in metrics) throw new Error('train: the task reports a metric "aux_loss", the name the engine gives the auxiliary losses');
    const all = aux === null ? metrics : { ...metrics, aux_loss: aux };
    for (const t of Object.values(all)) tf.keep(t);
    metricTensors = all;
    return aux === null ? loss : (tf.add(loss, aux) as tf.Scalar);
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
