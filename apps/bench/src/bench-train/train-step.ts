import { makeBatch, type MnistSplit } from "@llmnist/mnist-data";
import { AdamW, createOptimizationStep, ensureGradientsRegistered, type LossFn, type TrainableModel } from "@llmnist/train";

export interface TrainStepper {
  /** One optimisation step on the examples at `indices`; returns the batch loss. */
  step(indices: Uint32Array, lr: number): number;
  dispose(): void;
}

/**
 * A training step exactly as trainClassifier takes it (makeBatch, then @llmnist/train's
 * createOptimizationStep with AdamW, weight decay 0.01), so that whatever makes training
 * faster (kernels, backends) shows up here too and nothing else does.
 */
export function createTrainStepper(model: TrainableModel, loss: LossFn, data: MnistSplit): TrainStepper {
  ensureGradientsRegistered();
  const optimizer = new AdamW({ lr: 1e-3, weightDecay: 0.01 });
  const optimizationStep = createOptimizationStep(model, loss, optimizer);
  return {
    step(indices, lr) {
      const { images, labels } = makeBatch(data, indices);
      try {
        const lossValue = optimizationStep(images, labels, lr);
        if (!Number.isFinite(lossValue)) throw new Error(`bench: training loss is not finite (${lossValue})`);
        return lossValue;
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
