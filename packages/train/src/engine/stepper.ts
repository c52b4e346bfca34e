import * as tf from "@tensorflow/tfjs-core";
import type { AdamW } from "../adamw.js";
import type { BackendName } from "../backend.js";
import type { DataParallelTiming } from "../data-parallel/data-parallel-stepper.js";
import type { FactorySpec } from "../data-parallel/factory.js";
import { batchGradients } from "./batch-gradients.js";
import { engineHost } from "./host.js";
import type { TaskParts, TrainBatch } from "./task.js";

/** One optimisation step's outcome: the batch's mean loss and metrics. */
export interface StepResult {
  loss: number;
  metrics: Record<string, number>;
}

/** Takes optimisation steps and runs inference, on one thread or split across two. */
export interface Stepper {
  /** 2 when data-parallel, else 1. */
  readonly threads: number;
  /** Forward, loss, gradients, AdamW. When the loss is not finite the parameters are left untouched. */
  step(batch: TrainBatch, lr: number): Promise<StepResult>;
  /** The task's infer() over `indices` (split across the threads when data-parallel). */
  infer(indices: Uint32Array): Promise<Float32Array>;
  /** Where data-parallel steps spent their time; undefined on one thread. */
  timing(): DataParallelTiming | undefined;
  dispose(): Promise<void>;
}

/** The one-thread stepper. */
export function createLocalStepper(parts: TaskParts, optimizer: AdamW): Stepper {
  const vars = parts.parameters.map(([, v]) => v);
  // tf.variableGrads keys gradients by tf variable name; map them back to parameter names.
  const paramNameOfVar = new Map(parts.parameters.map(([n, v]) => [v.name, n]));
  return {
    threads: 1,
    async step(batch, lr) {
      const { loss, metrics, grads } = batchGradients(parts, vars, batch);
      try {
        if (!Number.isFinite(loss)) return { loss, metrics };
        const named = new Map<string, tf.Tensor>();
        for (const [varName, g] of Object.entries(grads)) {
          const name = paramNameOfVar.get(varName);
          if (name !== undefined) named.set(name, g);
        }
        optimizer.applyGradients(parts.parameters, named, lr);
        return { loss, metrics };
      } finally {
        tf.dispose(Object.values(grads));
      }
    },
    async infer(indices) {
      if (parts.infer === undefined) throw new Error("infer: the task has no infer()");
      return parts.infer(indices);
    },
    timing: () => undefined,
    async dispose() {},
  };
}

/** The engine's thread count: the option, else the host's default (Node: LLMNIST_THREADS, else 2 when there are 2 cores), else 1. */
export function resolveThreads(threads: number | undefined): number {
  const wanted = threads ?? engineHost()?.defaultThreads() ?? 1;
  if (!Number.isInteger(wanted) || wanted < 1) throw new Error(`train: threads must be a positive integer, got ${wanted}`);
  return wanted;
}

/** Backends where a second replica thread pays: the single-threaded ones. */
const REPLICABLE: Record<string, BackendName> = { wasm: "wasm", cpu: "cpu" };

export interface StepperOptions {
  /** How another thread builds the same TaskParts; without it, one thread. */
  replica?: FactorySpec;
  /** 1 or 2; default resolveThreads(undefined). */
  threads?: number;
  batchSize: number;
  inferBatchSize?: number;
  inferWidth?: number;
  /** Says what was chosen. */
  say?: (line: string) => void;
}

/**
 * The stepper training uses: data-parallel on two threads when there is a replica recipe, two
 * threads are wanted and the backend is single-threaded (wasm, cpu); else one thread.
 */
export async function createStepper(parts: TaskParts, optimizer: AdamW, o: StepperOptions): Promise<Stepper> {
  const threads = resolveThreads(o.threads);
  if (threads < 2 || o.replica === undefined) return createLocalStepper(parts, optimizer);
  const backend = REPLICABLE[tf.getBackend()];
  if (backend === undefined) {
    o.say?.(`threads: the ${tf.getBackend()} backend runs its own threads; training on one replica`);
    return createLocalStepper(parts, optimizer);
  }
  const host = engineHost();
  if (host === undefined) throw new Error(`train: threads ${threads} needs replica threads, which only Node's @llmnist/train provides; use threads: 1 here`);
  const stepper = await host.createDataParallelStepper(parts, optimizer, {
    replica: o.replica,
    backend,
    batchSize: o.batchSize,
    ...(o.inferBatchSize === undefined ? {} : { inferBatchSize: o.inferBatchSize }),
    ...(o.inferWidth === undefined ? {} : { inferWidth: o.inferWidth }),
  });
  o.say?.(`threads: 2 (data-parallel: each thread computes half of every batch on ${backend})`);
  return stepper;
}
