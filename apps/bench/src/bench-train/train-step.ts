import * as tf from "@tensorflow/tfjs-core";
import { makeBatch, type MnistSplit } from "@llmnist/mnist-data";
import { AdamW, ensureGradientsRegistered, type LossFn, type TrainableModel } from "@llmnist/train";

export interface TrainStepper {
  /** One optimisation step on the examples at `indices`; returns the batch loss. */
  step(indices: Uint32Array, lr: number): number;
  dispose(): void;
}

/**
 * A training step done the way trainClassifier does it (makeBatch, model.forward, the loss,
 * tf.variableGrads, AdamW.applyGradients with weight decay 0.01), so that whatever makes
 * training faster (kernels, backends) shows up here too and nothing else does.
 */
export function createTrainStepper(model: TrainableModel, loss: LossFn, data: MnistSplit): TrainStepper {
  ensureGradientsRegistered();
  const params = model.namedParameters();
  const vars = params.map(([, v]) => v);
  const paramNameOfVar = new Map(params.map(([n, v]) => [v.name, n]));
  const optimizer = new AdamW({ lr: 1e-3, weightDecay: 0.01 });
  return {
    step(indices, lr) {
      const { images, labels } = makeBatch(data, indices);
      try {
        const { value, grads } = tf.variableGrads(() => loss(model.forward(images, true), labels), vars);
        try {
          const lossValue = value.dataSync()[0]!;
          if (!Number.isFinite(lossValue)) throw new Error(`bench: training loss is not finite (${lossValue})`);
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
      } finally {
        images.dispose();
        labels.dispose();
      }
    },
    dispose() {
      optimizer.dispose();
    },
  };
}
