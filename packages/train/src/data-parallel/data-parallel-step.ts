import * as tf from "@tensorflow/tfjs-core";
import { disableGemmThread } from "@llmnist/kernels";
import type { AdamW } from "../adamw.js";
import type { BackendName } from "../backend.js";
import type { LossFn, TrainableModel } from "../types.js";
import type { ReplicaSpec } from "./factory.js";
import { paramLayout, STATE, type ParamSlot } from "./protocol.js";
import { startReplicaThread, type ReplicaThread } from "./replica-thread.js";

export interface DataParallelOptions {
  /** How the worker thread builds its copy of the model and the loss. */
  replica: ReplicaSpec;
  /** The backend the main thread computes on (the worker activates the same one). */
  backend: BackendName;
  /** Largest batch a step will get. */
  batchSize: number;
  /** Shape of one example; default [28, 28, 1]. */
  exampleShape?: number[];
  /** Largest batch `predict` will get; default 500. */
  predictBatchSize?: number;
}

/** Where the time of data-parallel steps went, summed over steps (ms). */
export interface DataParallelTiming {
  steps: number;
  /** Copying parameters and the shard into shared memory. */
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

/** Training and inference split across the main thread and one replica thread. */
export interface DataParallel {
  /** Like OptimizationStep: forward, loss, gradients, AdamW; the batch is split across the two threads. */
  step(images: tf.Tensor4D, labels: tf.Tensor1D, lr: number): Promise<number>;
  /** Argmax predictions of a batch, split across the two threads. */
  predict(images: tf.Tensor4D): Promise<Int32Array>;
  /** Time per phase of the steps so far. */
  timing(): DataParallelTiming;
  dispose(): Promise<void>;
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
 * and a replica thread (its own tfjs backend and copy of the model) each compute the mean
 * loss and gradients of their half at the same time; the main thread averages them weighted
 * by the halves' sizes (which is the gradient of the whole batch's mean loss), applies AdamW,
 * and shares the new parameters with the replica. The numbers are those of the one-thread
 * step up to float rounding.
 */
export async function createDataParallel(
  model: TrainableModel,
  loss: LossFn,
  optimizer: AdamW,
  o: DataParallelOptions,
): Promise<DataParallel> {
  const params = model.namedParameters();
  const vars = params.map(([, v]) => v);
  const layout = paramLayout(params);
  const exampleShape = o.exampleShape ?? [28, 28, 1];
  const exampleSize = exampleShape.reduce((a, b) => a * b, 1);
  const predictBatchSize = o.predictBatchSize ?? 500;
  const maxShard = Math.max(split(o.batchSize).worker, split(predictBatchSize).worker, 1);
  disableGemmThread(); // both cores are busy with replicas now
  const thread: ReplicaThread = await startReplicaThread({ backend: o.backend, replica: o.replica, layout, exampleShape, maxShard });

  /**
   * Hands the worker the current parameters and its shard (the rows after `first`), then
   * starts `job`. Parameters go with every job, so changes made between steps (a restored
   * checkpoint, the caller's own edits) reach the replica too.
   */
  const postShard = (job: typeof STATE.GRADIENTS | typeof STATE.PREDICT, images: tf.Tensor4D, labels: tf.Tensor1D | null, first: number, count: number): void => {
    copyParams(thread.params, layout, vars);
    thread.paramsChanged();
    thread.images.set((images.dataSync() as Float32Array).subarray(first * exampleSize, (first + count) * exampleSize));
    if (labels !== null) thread.labels.set((labels.dataSync() as Int32Array).subarray(first, first + count));
    thread.post(job, count);
  };

  const timing: DataParallelTiming = { steps: 0, share: 0, ownHalf: 0, wait: 0, replicaJob: 0, combine: 0, update: 0 };
  return {
    async step(images, labels, lr) {
      const examples = images.shape[0];
      const { main, worker } = split(examples);
      let t = performance.now();
      const lap = (phase: Exclude<keyof DataParallelTiming, "steps">): void => {
        const now = performance.now();
        timing[phase] += now - t;
        t = now;
      };
      timing.steps += 1;
      if (worker > 0) postShard(STATE.GRADIENTS, images, labels, main, worker);
      lap("share");
      // Whatever happens on this thread, the replica's job is collected before the next is posted.
      let collected = worker === 0;
      const [x, y] = worker > 0 ? [tf.slice(images, 0, main), tf.slice(labels, 0, main)] : [images, labels];
      let value: tf.Scalar | undefined;
      let grads: tf.NamedTensorMap = {};
      try {
        ({ value, grads } = tf.variableGrads(() => loss(model.forward(x, true), y), vars));
        const mainLoss = value.dataSync()[0]!;
        lap("ownHalf");
        collected = true;
        const workerLoss = worker > 0 ? await thread.done() : 0;
        lap("wait");
        if (worker > 0) timing.replicaJob += thread.lastJobMs();
        const lossValue = (mainLoss * main + workerLoss * worker) / examples;
        if (!Number.isFinite(lossValue)) return lossValue;
        const named = new Map<string, tf.Tensor>();
        layout.forEach((slot, i) => {
          const own = grads[vars[i]!.name];
          const theirs = thread.grads.subarray(slot.offset, slot.offset + slot.size);
          named.set(slot.name, weightedMean(own, main / examples, theirs, worker / examples, slot.shape));
        });
        lap("combine");
        try {
          optimizer.applyGradients(params, named, lr);
        } finally {
          tf.dispose([...named.values()]);
        }
        lap("update");
        return lossValue;
      } finally {
        if (!collected) await thread.done().catch(() => undefined);
        if (x !== images) tf.dispose([x, y]);
        tf.dispose([...(value === undefined ? [] : [value]), ...Object.values(grads)]);
      }
    },

    async predict(images) {
      const examples = images.shape[0];
      const { main, worker } = split(examples);
      if (worker > 0) postShard(STATE.PREDICT, images, null, main, worker);
      let own: Int32Array;
      try {
        own = tf.tidy(() => tf.argMax(model.forward(worker > 0 ? tf.slice(images, 0, main) : images, false), 1).dataSync() as Int32Array);
      } catch (e) {
        if (worker > 0) await thread.done().catch(() => undefined); // collect the replica's job first
        throw e;
      }
      const out = new Int32Array(examples);
      out.set(own, 0);
      if (worker > 0) {
        await thread.done();
        out.set(thread.labels.subarray(0, worker), main);
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
