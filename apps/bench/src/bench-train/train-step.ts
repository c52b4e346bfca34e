import { makeBatch, type MnistSplit } from "@llmnist/mnist-data";
import {
  AdamW,
  createDataParallel,
  createOptimizationStep,
  ensureGradientsRegistered,
  type BackendName,
  type DataParallel,
  type LossFn,
  type ReplicaSpec,
  type TrainableModel,
} from "@llmnist/train";

export interface TrainStepper {
  /** One optimisation step on the examples at `indices`; returns the batch loss. */
  step(indices: Uint32Array, lr: number): Promise<number>;
  /** Argmax predictions across the threads; undefined with one thread. */
  readonly parallel: DataParallel | undefined;
  dispose(): Promise<void>;
}

export interface StepperThreads {
  /** 1, or 2 for data-parallel (needs `replica`). */
  threads: number;
  replica: ReplicaSpec;
  backend: BackendName;
  batchSize: number;
}

/**
 * A training step exactly as trainClassifier takes it (makeBatch, then @llmnist/train's
 * createOptimizationStep, or its data-parallel step with two threads, with AdamW, weight
 * decay 0.01), so that whatever makes training faster (kernels, backends, threads) shows up
 * here too and nothing else does.
 */
export async function createTrainStepper(model: TrainableModel, loss: LossFn, data: MnistSplit, t?: StepperThreads): Promise<TrainStepper> {
  ensureGradientsRegistered();
  const optimizer = new AdamW({ lr: 1e-3, weightDecay: 0.01 });
  const parallel =
    t !== undefined && t.threads >= 2
      ? await createDataParallel(model, loss, optimizer, { replica: t.replica, backend: t.backend, batchSize: t.batchSize })
      : undefined;
  const optimizationStep = parallel?.step ?? createOptimizationStep(model, loss, optimizer);
  return {
    parallel,
    async step(indices, lr) {
      const { images, labels } = makeBatch(data, indices);
      try {
        const lossValue = await optimizationStep(images, labels, lr);
        if (!Number.isFinite(lossValue)) throw new Error(`bench: training loss is not finite (${lossValue})`);
        return lossValue;
      } finally {
        images.dispose();
        labels.dispose();
      }
    },
    async dispose() {
      await parallel?.dispose();
      optimizer.dispose();
    },
  };
}
