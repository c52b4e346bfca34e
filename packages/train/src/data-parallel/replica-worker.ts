/**
 * Entry of a data-parallel replica thread (built to dist/replica-worker.js). It activates the
 * main thread's backend, builds its own model and loss from the ReplicaSpec, then serves jobs
 * posted through shared memory (see protocol.ts) until told to exit.
 */
import * as tf from "@tensorflow/tfjs-core";
import { parentPort, workerData } from "node:worker_threads";
import { selectBackend } from "../backend.js";
import "../gradients.js";
import { buildReplica } from "./factory.js";
import { layoutMismatch, paramLayout, SLOT, STATE, type ReplicaWorkerData } from "./protocol.js";

const data = workerData as ReplicaWorkerData;
const control = new Int32Array(data.control);
const params = new Float32Array(data.params);
const grads = new Float32Array(data.grads);
const images = new Float32Array(data.images);
const labels = new Int32Array(data.labels);
const loss = new Float64Array(data.loss);
const exampleSize = data.exampleShape.reduce((a, b) => a * b, 1);

async function start(): Promise<void> {
  // The main thread already printed tfjs's notices (e.g. the tfjs-node advert); not once more per replica.
  tf.env().set("PROD", true);
  await selectBackend({ prefer: data.backend });
  const { model, loss: lossFn } = await buildReplica(data.replica);
  const named = model.namedParameters();
  const mismatch = layoutMismatch(data.layout, paramLayout(named));
  if (mismatch !== undefined) throw new Error(`the replica model differs from the trained one: ${mismatch}`);
  const vars = named.map(([, v]) => v);
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
  const shardImages = (n: number): tf.Tensor4D => {
    const shape = [n, ...data.exampleShape]; // [n, 28, 28, 1]
    return tf.tensor<tf.Rank>(images.subarray(0, n * exampleSize), shape, "float32") as tf.Tensor4D;
  };

  const gradients = (n: number): void => {
    syncParams();
    const x = shardImages(n);
    const y = tf.tensor1d(labels.subarray(0, n), "int32");
    const { value, grads: byVar } = tf.variableGrads(() => lossFn(model.forward(x, true), y), vars);
    try {
      loss[0] = value.dataSync()[0]!;
      data.layout.forEach((slot, i) => {
        const g = byVar[vars[i]!.name];
        if (g === undefined) grads.fill(0, slot.offset, slot.offset + slot.size); // unused by this loss
        else grads.set(g.dataSync() as Float32Array, slot.offset);
      });
    } finally {
      tf.dispose([x, y, value, ...Object.values(byVar)]);
    }
  };
  const predict = (n: number): void => {
    syncParams();
    const predictions = tf.tidy(() => tf.argMax(model.forward(shardImages(n), false), 1).dataSync());
    labels.set(predictions as Int32Array, 0);
  };

  for (;;) {
    let state = Atomics.load(control, SLOT.STATE);
    while (state !== STATE.GRADIENTS && state !== STATE.PREDICT && state !== STATE.EXIT) {
      Atomics.wait(control, SLOT.STATE, state);
      state = Atomics.load(control, SLOT.STATE);
    }
    if (state === STATE.EXIT) break;
    try {
      const started = performance.now();
      const n = Atomics.load(control, SLOT.EXAMPLES);
      if (state === STATE.GRADIENTS) gradients(n);
      else predict(n);
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
