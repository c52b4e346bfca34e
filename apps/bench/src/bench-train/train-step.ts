import type { MnistSplit } from "@llmnist/mnist-data";
import { AdamW, type BackendName, type Evaluation, type LossFn, type ReplicaSpec, type TrainableModel } from "@llmnist/train/node";
import {
  classifierParts,
  createStepper,
  ensureGradientsRegistered,
  evaluateWithInfer,
  resolveModuleUrl,
  type Stepper,
} from "@llmnist/train/internal";

export interface TrainStepper {
  /** One optimisation step on the examples at `indices`; returns the batch loss. */
  step(indices: Uint32Array, lr: number): Promise<number>;
  /** The eval split classified as training evaluates it (across both threads when data-parallel). */
  evaluate(batchSize?: number): Promise<Evaluation>;
  /** 2 when data-parallel. */
  readonly threads: number;
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
 * A training step exactly as trainClassifier takes it (the engine's stepper over the
 * classifier's TaskParts, one thread or data-parallel, AdamW with weight decay 0.01), so that
 * whatever makes training faster (kernels, backends, threads) shows up here too and nothing
 * else does.
 */
export async function createTrainStepper(
  model: TrainableModel,
  loss: LossFn,
  data: MnistSplit,
  evalSplit: MnistSplit = data,
  t?: StepperThreads,
): Promise<TrainStepper> {
  ensureGradientsRegistered();
  const optimizer = new AdamW({ lr: 1e-3, weightDecay: 0.01 });
  const parts = classifierParts(model, loss, data, evalSplit);
  const stepper: Stepper = await createStepper(parts, optimizer, {
    threads: t?.threads ?? 1,
    batchSize: t?.batchSize ?? 32,
    ...(t === undefined
      ? {}
      : {
          replica: {
            module: resolveModuleUrl("@llmnist/train/internal", import.meta.url),
            exportName: "classifierReplica",
            args: [t.replica, data, evalSplit],
          },
        }),
  });
  let step = 0;
  return {
    threads: stepper.threads,
    async step(indices, lr) {
      const batch = { indices, epoch: 0, step, globalStep: step, offset: 0, batchSize: indices.length };
      step += 1;
      const { loss: value } = await stepper.step(batch, lr);
      if (!Number.isFinite(value)) throw new Error(`bench: training loss is not finite (${value})`);
      return value;
    },
    evaluate: (batchSize = 500) => evaluateWithInfer((indices) => stepper.infer(indices), evalSplit, { batchSize }),
    async dispose() {
      await stepper.dispose();
      optimizer.dispose();
    },
  };
}
