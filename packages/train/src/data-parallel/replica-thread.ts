import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { BackendName } from "../backend.js";
import type { FactorySpec } from "./factory.js";
import { CONTROL_SLOTS, layoutSize, MAX_METRICS, SLOT, STATE, type ParamSlot, type ReplicaWorkerData } from "./protocol.js";

/** The main thread's handle on one replica worker. */
export interface ReplicaThread {
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly indices: Uint32Array;
  readonly outputs: Float32Array;
  /** [0] the loss of the last GRADIENTS job, then its metrics in sorted-name order. */
  readonly scalars: Float64Array;
  /** The control slots (batch position, metric count); see protocol.ts. */
  readonly control: Int32Array;
  /** Marks `params` as changed: the worker reloads them before its next job. */
  paramsChanged(): void;
  /** Starts a job on the first `examples` entries of `indices`. */
  post(job: typeof STATE.GRADIENTS | typeof STATE.INFER, examples: number): void;
  /** How long the worker's last job took, ms. */
  lastJobMs(): number;
  /** Resolves when the posted job is done; rejects with the worker's error. */
  done(): Promise<void>;
  terminate(): Promise<void>;
}

export interface ReplicaThreadOptions {
  backend: BackendName;
  task: FactorySpec;
  layout: ParamSlot[];
  maxShare: number;
  inferWidth: number;
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
  const errors = new MessageChannel();
  const data: ReplicaWorkerData = {
    backend: o.backend,
    task: o.task,
    layout: o.layout,
    maxShare: o.maxShare,
    inferWidth: o.inferWidth,
    control: shared(4 * CONTROL_SLOTS),
    params: shared(4 * layoutSize(o.layout)),
    grads: shared(4 * layoutSize(o.layout)),
    indices: shared(4 * o.maxShare),
    outputs: shared(4 * o.inferWidth * o.maxShare),
    scalars: shared(8 * (1 + MAX_METRICS)),
    errors: errors.port2,
  };
  // The replica keeps its core busy itself: no GEMM helper thread inside it.
  const worker = new Worker(workerEntry(), {
    workerData: data,
    transferList: [errors.port2],
    env: { ...process.env, LLMNIST_THREADS: "1" },
  });
  const control = new Int32Array(data.control);
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
    indices: new Uint32Array(data.indices),
    outputs: new Float32Array(data.outputs),
    scalars: new Float64Array(data.scalars),
    control,
    paramsChanged() {
      Atomics.add(control, SLOT.PARAMS_VERSION, 1);
    },
    post(job, examples) {
      if (exited !== undefined) throw exited;
      if (examples > o.maxShare) throw new Error(`data-parallel: a share of ${examples} examples exceeds the ${o.maxShare} planned`);
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
          return;
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
