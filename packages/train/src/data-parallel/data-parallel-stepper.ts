import * as tf from "@tensorflow/tfjs-core";
import { disableGemmThread } from "@llmnist/kernels/node";
import type { AdamW } from "../adamw.js";
import type { BackendName } from "../backend.js";
import { batchGradients } from "../engine/batch-gradients.js";
import type { StepResult, Stepper } from "../engine/stepper.js";
import type { TaskParts, TrainBatch } from "../engine/task.js";
import type { FactorySpec } from "./factory.js";
import { paramLayout, SLOT, STATE, type ParamSlot } from "./protocol.js";
import { startReplicaThread, type ReplicaThread } from "./replica-thread.js";

export interface DataParallelOptions {
  /** How the worker thread builds its TaskParts (same parameter names and shapes). */
  replica: FactorySpec;
  /** The backend the main thread computes on (the worker activates the same one). */
  backend: BackendName;
  /** Largest batch a step will get. */
  batchSize: number;
  /** Largest number of indices one infer job takes (longer calls are chunked); default 500. */
  inferBatchSize?: number;
  /** Numbers per example that infer returns; default 1. */
  inferWidth?: number;
}

/** Where the time of data-parallel steps went, summed over steps (ms). */
export interface DataParallelTiming {
  steps: number;
  /** Copying parameters and the share's indices into shared memory. */
  share: number;
  /** The main thread's own half: forward, loss, gradients. */
  ownHalf: number;
  /** Waiting for the replica after the own half was done. */
  wait: number;
  /** The replica's job, as it measured it. */
  replicaJob: number;
  /** Averaging the two halves' gradients. */
  combine: number;
  /** AdamW. */
  update: number;
}

/** The worker takes the second half; the main thread the first (and the odd example). */
function split(examples: number): { main: number; worker: number } {
  const worker = Math.floor(examples / 2);
  return { main: examples - worker, worker };
}

/**
 * own * wOwn + theirs * wTheirs in float32 (each product and the sum rounded as tfjs's mul and
 * add would), computed in one pass in JS: a few hundred small tfjs ops per step cost more
 * than the arithmetic. A missing own gradient counts as zeros.
 */
function weightedMean(own: tf.Tensor | undefined, wOwn: number, theirs: Float32Array, wTheirs: number, shape: number[]): tf.Tensor {
  const mean = new Float32Array(theirs.length);
  const a = Math.fround(wOwn);
  const b = Math.fround(wTheirs);
  if (b === 0) {
    if (own !== undefined) mean.set(own.dataSync() as Float32Array); // no replica share this step
  } else if (own === undefined) {
    for (let j = 0; j < mean.length; j++) mean[j] = theirs[j]! * b;
  } else {
    const mine = own.dataSync() as Float32Array;
    for (let j = 0; j < mean.length; j++) mean[j] = Math.fround(mine[j]! * a) + Math.fround(theirs[j]! * b);
  }
  return tf.tensor(mean, shape, "float32");
}

function copyParams(into: Float32Array, layout: readonly ParamSlot[], vars: readonly tf.Variable[]): void {
  layout.forEach((slot, i) => into.set(vars[i]!.dataSync() as Float32Array, slot.offset));
}

/**
 * Data-parallel training on two cores. Each step the batch is split in two: the main thread
 * and a replica thread (its own tfjs backend and TaskParts) each compute the mean loss and
 * gradients of their half at the same time; the main thread averages them weighted by the
 * halves' sizes (which is the gradient of the whole batch's mean loss), applies AdamW, and
 * shares the new parameters with the replica. The numbers are those of the one-thread step
 * up to float rounding.
 */
export async function createDataParallelStepper(parts: TaskParts, optimizer: AdamW, o: DataParallelOptions): Promise<Stepper> {
  const params = parts.parameters;
  const vars = params.map(([, v]) => v);
  const layout = paramLayout(params);
  const inferBatchSize = o.inferBatchSize ?? 500;
  const inferWidth = o.inferWidth ?? 1;
  const maxShare = Math.max(split(o.batchSize).worker, split(inferBatchSize).worker, 1);
  disableGemmThread(); // both cores are busy with replicas now
  const thread: ReplicaThread = await startReplicaThread({ backend: o.backend, task: o.replica, layout, maxShare, inferWidth });

  /**
   * Hands the worker the current parameters and its share of indices, then starts `job`.
   * Parameters go with every job, so changes made between steps (a restored checkpoint, the
   * caller's own edits) reach the replica too.
   */
  const postShare = (job: typeof STATE.GRADIENTS | typeof STATE.INFER, indices: Uint32Array): void => {
    copyParams(thread.params, layout, vars);
    thread.paramsChanged();
    thread.indices.set(indices);
    thread.post(job, indices.length);
  };

  const timing: DataParallelTiming = { steps: 0, share: 0, ownHalf: 0, wait: 0, replicaJob: 0, combine: 0, update: 0 };

  const inferChunk = async (indices: Uint32Array): Promise<Float32Array> => {
    const { main, worker } = split(indices.length);
    if (worker > 0) postShare(STATE.INFER, indices.subarray(main));
    let own: Float32Array;
    try {
      own = parts.infer!(indices.subarray(0, main));
    } catch (e) {
      if (worker > 0) await thread.done().catch(() => undefined); // collect the replica's job first
      throw e;
    }
    if (own.length !== main * inferWidth) {
      if (worker > 0) await thread.done().catch(() => undefined);
      throw new Error(`infer returned ${own.length} numbers for ${main} examples, expected ${main} x ${inferWidth}`);
    }
    const out = new Float32Array(indices.length * inferWidth);
    out.set(own, 0);
    if (worker > 0) {
      await thread.done();
      out.set(thread.outputs.subarray(0, worker * inferWidth), main * inferWidth);
    }
    return out;
  };

  return {
    threads: 2,

    async step(batch: TrainBatch, lr: number): Promise<StepResult> {
      const examples = batch.indices.length;
      const { main, worker } = split(examples);
      let t = performance.now();
      const lap = (phase: Exclude<keyof DataParallelTiming, "steps">): void => {
        const now = performance.now();
        timing[phase] += now - t;
        t = now;
      };
      timing.steps += 1;
      if (worker > 0) {
        const c = thread.control;
        Atomics.store(c, SLOT.EPOCH, batch.epoch);
        Atomics.store(c, SLOT.STEP, batch.step);
        Atomics.store(c, SLOT.GLOBAL_STEP, batch.globalStep);
        Atomics.store(c, SLOT.OFFSET, batch.offset + main);
        Atomics.store(c, SLOT.BATCH_SIZE, batch.batchSize);
        postShare(STATE.GRADIENTS, batch.indices.subarray(main));
      }
      lap("share");
      // Whatever happens on this thread, the replica's job is collected before the next is posted.
      let collected = worker === 0;
      let grads: tf.NamedTensorMap = {};
      try {
        const ownBatch = worker > 0 ? { ...batch, indices: batch.indices.subarray(0, main) } : batch;
        const own = batchGradients(parts, vars, ownBatch);
        grads = own.grads;
        lap("ownHalf");
        collected = true;
        if (worker > 0) await thread.done();
        lap("wait");
        if (worker > 0) timing.replicaJob += thread.lastJobMs();
        const theirLoss = worker > 0 ? thread.scalars[0]! : 0;
        const loss = (own.loss * main + theirLoss * worker) / examples;
        const metrics = combineMetrics(own.metrics, main, worker > 0 ? thread : undefined, worker, examples);
        if (!Number.isFinite(loss)) return { loss, metrics };
        const named = new Map<string, tf.Tensor>();
        layout.forEach((slot, i) => {
          const theirs = thread.grads.subarray(slot.offset, slot.offset + slot.size);
          named.set(slot.name, weightedMean(grads[vars[i]!.name], main / examples, theirs, worker / examples, slot.shape));
        });
        lap("combine");
        try {
          optimizer.applyGradients(params, named, lr);
        } finally {
          tf.dispose([...named.values()]);
        }
        lap("update");
        return { loss, metrics };
      } finally {
        if (!collected) await thread.done().catch(() => undefined);
        tf.dispose(Object.values(grads));
      }
    },

    async infer(indices: Uint32Array): Promise<Float32Array> {
      if (parts.infer === undefined) throw new Error("infer: the task has no infer()");
      const out = new Float32Array(indices.length * inferWidth);
      for (let start = 0; start < indices.length; start += inferBatchSize) {
        const chunk = indices.subarray(start, Math.min(start + inferBatchSize, indices.length));
        out.set(await inferChunk(chunk), start * inferWidth);
      }
      return out;
    },

    timing() {
      return { ...timing };
    },

    async dispose() {
      await thread.terminate();
    },
  };
}

/** The whole batch's metrics: each the examples-weighted mean of the two halves'. */
function combineMetrics(
  own: Record<string, number>,
  main: number,
  thread: ReplicaThread | undefined,
  worker: number,
  examples: number,
): Record<string, number> {
  const names = Object.keys(own).sort();
  if (thread === undefined) return own;
  const theirCount = Atomics.load(thread.control, SLOT.METRICS);
  if (theirCount !== names.length) {
    throw new Error(`data-parallel: the replica's loss returned ${theirCount} metrics, this thread's ${names.length} (${names.join(", ")})`);
  }
  const out: Record<string, number> = {};
  names.forEach((name, k) => (out[name] = (own[name]! * main + thread.scalars[1 + k]! * worker) / examples));
  return out;
}
