import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { BackendName } from "../backend.js";
import type { ReplicaSpec } from "./factory.js";
import { layoutSize, SLOT, STATE, type ParamSlot, type ReplicaWorkerData } from "./protocol.js";

/** The main thread's handle on one replica worker. */
export interface ReplicaThread {
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly images: Float32Array;
  readonly labels: Int32Array;
  /** Marks `params` as changed: the worker reloads them before its next job. */
  paramsChanged(): void;
  /** Starts a job on the first `examples` entries of `images`/`labels`. */
  post(job: typeof STATE.GRADIENTS | typeof STATE.PREDICT, examples: number): void;
  /** How long the worker's last job took, ms. */
  lastJobMs(): number;
  /** Resolves when the posted job is done (its loss for GRADIENTS); rejects with the worker's error. */
  done(): Promise<number>;
  terminate(): Promise<void>;
}

export interface ReplicaThreadOptions {
  backend: BackendName;
  replica: ReplicaSpec;
  layout: ParamSlot[];
  exampleShape: number[];
  maxShard: number;
}

/** dist/replica-worker.js of this package, from dist (built) or src (tests). */
function workerEntry(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "@llmnist/train") {
      const entry = join(dir, "dist", "replica-worker.js");
      if (!existsSync(entry)) throw new Error(`data-parallel training needs ${entry}: build @llmnist/train first (pnpm --filter @llmnist/train build)`);
      return entry;
    }
    dir = dirname(dir);
  }
  throw new Error(`data-parallel training: cannot find @llmnist/train's package.json above ${fileURLToPath(import.meta.url)}`);
}

/** Lets pending events (the worker's "error" or "exit") run. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const shared = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(Math.max(8, bytes));

/** Starts a replica worker and waits until its model is built. */
export async function startReplicaThread(o: ReplicaThreadOptions): Promise<ReplicaThread> {
  const exampleSize = o.exampleShape.reduce((a, b) => a * b, 1);
  const errors = new MessageChannel();
  const data: ReplicaWorkerData = {
    backend: o.backend,
    replica: o.replica,
    layout: o.layout,
    exampleShape: o.exampleShape,
    maxShard: o.maxShard,
    control: shared(4 * 4),
    params: shared(4 * layoutSize(o.layout)),
    grads: shared(4 * layoutSize(o.layout)),
    images: shared(4 * exampleSize * o.maxShard),
    labels: shared(4 * o.maxShard),
    loss: shared(8),
    errors: errors.port2,
  };
  // The replica keeps its core busy itself: no GEMM helper thread inside it.
  const worker = new Worker(workerEntry(), {
    workerData: data,
    transferList: [errors.port2],
    env: { ...process.env, LLMNIST_THREADS: "1" },
  });
  const control = new Int32Array(data.control);
  const loss = new Float64Array(data.loss);
  let exited: Error | undefined;
  let failWaiter: ((e: Error) => void) | undefined;
  const onGone = (e: Error): void => {
    exited ??= e;
    failWaiter?.(e);
  };
  worker.on("error", (e) => onGone(new Error(`data-parallel replica thread crashed: ${e.message}`)));
  worker.on("exit", (code) => onGone(new Error(`data-parallel replica thread exited (code ${code})`)));

  await new Promise<void>((resolve, reject) => {
    failWaiter = reject;
    worker.once("message", (m: { type: string; error?: string }) => {
      if (m.type === "ready") resolve();
      else reject(new Error(`data-parallel replica thread failed to start: ${m.error ?? "unknown error"}`));
    });
  });
  failWaiter = undefined;

  return {
    params: new Float32Array(data.params),
    grads: new Float32Array(data.grads),
    images: new Float32Array(data.images),
    labels: new Int32Array(data.labels),
    paramsChanged() {
      Atomics.add(control, SLOT.PARAMS_VERSION, 1);
    },
    post(job, examples) {
      if (exited !== undefined) throw exited;
      if (examples > o.maxShard) throw new Error(`data-parallel: a shard of ${examples} examples exceeds the ${o.maxShard} planned`);
      Atomics.store(control, SLOT.EXAMPLES, examples);
      Atomics.store(control, SLOT.STATE, job);
      Atomics.notify(control, SLOT.STATE);
    },
    lastJobMs() {
      return Atomics.load(control, SLOT.JOB_MICROSECONDS) / 1000;
    },
    async done() {
      for (;;) {
        const state = Atomics.load(control, SLOT.STATE);
        if (state === STATE.DONE) {
          Atomics.store(control, SLOT.STATE, STATE.IDLE);
          return loss[0]!;
        }
        if (state === STATE.FAILED) {
          Atomics.store(control, SLOT.STATE, STATE.IDLE);
          const message = receiveMessageOnPort(errors.port1)?.message as string | undefined;
          throw new Error(`data-parallel replica thread failed: ${message ?? "no message"}`);
        }
        if (exited !== undefined) throw exited;
        // Blocks: the job ends within milliseconds, and with Atomics.waitAsync's promise 0.21M
        // steps were ~4% slower (median of 8 pairs, results/bench/dp-sync-wait-2026-11-23.md).
        // In slices, yielding between them, so that the worker's crash or exit can still be heard.
        if (Atomics.wait(control, SLOT.STATE, state, 50) === "timed-out") await yieldToEventLoop();
      }
    },
    async terminate() {
      Atomics.store(control, SLOT.STATE, STATE.EXIT);
      Atomics.notify(control, SLOT.STATE);
      errors.port1.close();
      await worker.terminate();
    },
  };
}
