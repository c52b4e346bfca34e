/**
 * Entry of a data-parallel replica thread (built to dist/replica-worker.js). It activates the
 * main thread's backend, builds its own TaskParts from a FactorySpec, then serves jobs posted
 * through shared memory (see protocol.ts) until told to exit.
 */
import * as tf from "@tensorflow/tfjs-core";
import { parentPort, workerData } from "node:worker_threads";
import { selectBackend } from "../backend.js";
import { batchGradients } from "../engine/batch-gradients.js";
import "../gradients.js";
import { buildTaskParts } from "./factory.js";
import { layoutMismatch, MAX_METRICS, paramLayout, SLOT, STATE, type ReplicaWorkerData } from "./protocol.js";

const data = workerData as ReplicaWorkerData;
const control = new Int32Array(data.control);
const params = new Float32Array(data.params);
const grads = new Float32Array(data.grads);
const indices = new Uint32Array(data.indices);
const outputs = new Float32Array(data.outputs);
const scalars = new Float64Array(data.scalars);

async function start(): Promise<void> {
  // The main thread already printed tfjs's notices (e.g. the tfjs-node advert); not once more per replica.
  tf.env().set("PROD", true);
  await selectBackend({ prefer: data.backend });
  const parts = await buildTaskParts(data.task);
  const mismatch = layoutMismatch(data.layout, paramLayout(parts.parameters));
  if (mismatch !== undefined) throw new Error(`the replica's parameters differ from the trained ones: ${mismatch}`);
  const vars = parts.parameters.map(([, v]) => v);
  parentPort?.postMessage({ type: "ready" });

  let paramsVersion = -1;
  const syncParams = (): void => {
    const version = Atomics.load(control, SLOT.PARAMS_VERSION);
    if (version === paramsVersion) return;
    data.layout.forEach((slot, i) => {
      const value = tf.tensor(params.subarray(slot.offset, slot.offset + slot.size), slot.shape, "float32");
      vars[i]!.assign(value);
      value.dispose();
    });
    paramsVersion = version;
  };

  const gradients = (n: number): void => {
    syncParams();
    const result = batchGradients(parts, vars, {
      indices: indices.slice(0, n),
      epoch: Atomics.load(control, SLOT.EPOCH),
      step: Atomics.load(control, SLOT.STEP),
      globalStep: Atomics.load(control, SLOT.GLOBAL_STEP),
      offset: Atomics.load(control, SLOT.OFFSET),
      batchSize: Atomics.load(control, SLOT.BATCH_SIZE),
    });
    try {
      const names = Object.keys(result.metrics).sort();
      if (names.length > MAX_METRICS) throw new Error(`the loss returned ${names.length} metrics, at most ${MAX_METRICS} are supported`);
      scalars[0] = result.loss;
      names.forEach((name, k) => (scalars[1 + k] = result.metrics[name]!));
      Atomics.store(control, SLOT.METRICS, names.length);
      data.layout.forEach((slot, i) => {
        const g = result.grads[vars[i]!.name];
        if (g === undefined) grads.fill(0, slot.offset, slot.offset + slot.size); // unused by this loss
        else grads.set(g.dataSync() as Float32Array, slot.offset);
      });
    } finally {
      tf.dispose(Object.values(result.grads));
    }
  };
  const infer = (n: number): void => {
    if (parts.infer === undefined) throw new Error("the replica task has no infer()");
    syncParams();
    const out = parts.infer(indices.slice(0, n));
    if (out.length !== n * data.inferWidth) {
      throw new Error(`infer returned ${out.length} numbers for ${n} examples, expected ${n} x ${data.inferWidth}`);
    }
    outputs.set(out, 0);
  };

  for (;;) {
    let state = Atomics.load(control, SLOT.STATE);
    while (state !== STATE.GRADIENTS && state !== STATE.INFER && state !== STATE.EXIT) {
      Atomics.wait(control, SLOT.STATE, state);
      state = Atomics.load(control, SLOT.STATE);
    }
    if (state === STATE.EXIT) break;
    try {
      const started = performance.now();
      const n = Atomics.load(control, SLOT.EXAMPLES);
      if (state === STATE.GRADIENTS) gradients(n);
      else infer(n);
      Atomics.store(control, SLOT.JOB_MICROSECONDS, Math.round(1000 * (performance.now() - started)));
      Atomics.store(control, SLOT.STATE, STATE.DONE);
    } catch (e) {
      data.errors.postMessage(e instanceof Error ? (e.stack ?? e.message) : String(e));
      Atomics.store(control, SLOT.STATE, STATE.FAILED);
    }
    Atomics.notify(control, SLOT.STATE);
  }
  tf.dispose(vars);
}

start().catch((e: unknown) => {
  // Before "ready": the main thread is awaiting the start and hears of it through the message.
  parentPort?.postMessage({ type: "failed", error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
});
