import * as tf from "@tensorflow/tfjs-core";
import type { AdamW } from "./adamw.js";
import type { LossFn, TrainableModel } from "./types.js";

/** One optimisation step: forward, loss, gradients, AdamW. */
export type OptimizationStep = (images: tf.Tensor4D, labels: tf.Tensor1D, lr: number) => number;

/**
 * The optimisation step trainClassifier takes (and benchmarks time): the loss of a batch,
 * gradients of every parameter by tf.variableGrads, then the AdamW update. Returns the batch
 * loss; when it is not finite the parameters are left untouched.
 */
export function createOptimizationStep(model: TrainableModel, loss: LossFn, optimizer: AdamW): OptimizationStep {
  const params = model.namedParameters();
  const vars = params.map(([, v]) => v);
  // tf.variableGrads keys gradients by tf variable name; map them back to parameter names.
  const paramNameOfVar = new Map(params.map(([n, v]) => [v.name, n]));
  return (images, labels, lr) => {
    const { value, grads } = tf.variableGrads(() => loss(model.forward(images, true), labels), vars);
    try {
      const lossValue = value.dataSync()[0]!;
      if (!Number.isFinite(lossValue)) return lossValue;
      const named = new Map<string, tf.Tensor>();
      for (const [varName, g] of Object.entries(grads)) {
        const name = paramNameOfVar.get(varName);
        if (name !== undefined) named.set(name, g);
      }
      optimizer.applyGradients(params, named, lr);
      return lossValue;
    } finally {
      value.dispose();
      for (const g of Object.values(grads)) g.dispose();
    }
  };
}
