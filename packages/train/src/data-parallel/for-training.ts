import * as tf from "@tensorflow/tfjs-core";
import { availableParallelism } from "node:os";
import type { AdamW } from "../adamw.js";
import type { BackendName } from "../backend.js";
import type { TrainOptions } from "../types.js";
import { createDataParallel, type DataParallel } from "./data-parallel-step.js";

/** The engine's thread count: the option, else LLMNIST_THREADS, else 2 when there are 2 cores. */
export function resolveThreads(threads: number | undefined): number {
  const fromEnv = Number(process.env.LLMNIST_THREADS ?? "");
  const wanted = threads ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.min(2, availableParallelism()));
  if (!Number.isInteger(wanted) || wanted < 1) throw new Error(`trainClassifier: threads must be a positive integer, got ${wanted}`);
  return wanted;
}

/** Backends where a second replica thread pays: the single-threaded ones. */
const REPLICABLE: Record<string, BackendName> = { wasm: "wasm", cpu: "cpu" };

/**
 * Starts data-parallel training for trainClassifier when it applies (a replica recipe, two
 * threads wanted, a single-threaded backend); undefined otherwise. Says what it does.
 */
export async function startDataParallelFor(
  o: TrainOptions,
  optimizer: AdamW,
  say: (line: string) => void,
): Promise<DataParallel | undefined> {
  const threads = resolveThreads(o.threads);
  if (threads < 2 || o.replica === undefined) return undefined;
  const backend = REPLICABLE[tf.getBackend()];
  if (backend === undefined) {
    say(`threads: the ${tf.getBackend()} backend runs its own threads; training on one replica`);
    return undefined;
  }
  const parallel = await createDataParallel(o.model, o.loss, optimizer, {
    replica: o.replica,
    backend,
    batchSize: o.batchSize,
    predictBatchSize: o.evalBatchSize ?? 500,
  });
  say(`threads: 2 (data-parallel: each thread computes half of every batch on ${backend})`);
  return parallel;
}
