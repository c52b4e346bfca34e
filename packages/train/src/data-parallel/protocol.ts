import type { MessagePort } from "node:worker_threads";
import type { BackendName } from "../backend.js";
import type { ReplicaSpec } from "./factory.js";

/**
 * The main thread and a replica worker talk through shared memory, not messages, so a step
 * costs no serialisation and no event-loop turn on the worker's side.
 *
 * control (Int32Array): [STATE] what the worker should do or has done, [EXAMPLES] examples in
 * the worker's shard, [PARAMS_VERSION] bumped by the main thread whenever `params` changed,
 * [JOB_MICROSECONDS] how long the worker's last job took (for the timing breakdown).
 */
export const SLOT = { STATE: 0, EXAMPLES: 1, PARAMS_VERSION: 2, JOB_MICROSECONDS: 3 } as const;
export const CONTROL_SLOTS = 4;

export const STATE = {
  /** Waiting for work. */
  IDLE: 0,
  /** Main posted a shard: compute its loss and gradients. */
  GRADIENTS: 1,
  /** Main posted a shard: write the argmax predictions into `labels`. */
  PREDICT: 2,
  /** The job is done (results in `grads`/`loss` or `labels`). */
  DONE: 3,
  /** The job failed; the error went to the `errors` port. */
  FAILED: 4,
  /** Leave the loop and end the thread. */
  EXIT: 5,
} as const;

/** Where one parameter lives in the flat `params`/`grads` arrays. */
export interface ParamSlot {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

export interface ReplicaWorkerData {
  /** The backend the main thread trains on: the replica must compute the same way. */
  backend: BackendName;
  replica: ReplicaSpec;
  layout: ParamSlot[];
  /** Shape of one example, e.g. [28, 28, 1]. */
  exampleShape: number[];
  /** Most examples one shard can hold (the sizes of `images` and `labels`). */
  maxShard: number;
  control: SharedArrayBuffer;
  /** Float32: every parameter, written by the main thread after each update. */
  params: SharedArrayBuffer;
  /** Float32: the worker's gradients of its shard's mean loss. */
  grads: SharedArrayBuffer;
  /** Float32: the shard's examples. */
  images: SharedArrayBuffer;
  /** Int32: the shard's labels (in), or its predictions (out). */
  labels: SharedArrayBuffer;
  /** Float64[1]: the shard's mean loss. */
  loss: SharedArrayBuffer;
  /** The worker posts the text of a failure here before setting FAILED. */
  errors: MessagePort;
}

/** Lays the parameters end to end. */
export function paramLayout(params: ReadonlyArray<readonly [string, { shape: readonly number[]; size: number }]>): ParamSlot[] {
  let offset = 0;
  return params.map(([name, v]) => {
    const slot = { name, shape: [...v.shape], offset, size: v.size };
    offset += v.size;
    return slot;
  });
}

/** Total floats of a layout. */
export function layoutSize(layout: readonly ParamSlot[]): number {
  const last = layout[layout.length - 1];
  return last === undefined ? 0 : last.offset + last.size;
}

/** Names the first difference between the main model's layout and a replica's, or undefined. */
export function layoutMismatch(expected: readonly ParamSlot[], actual: readonly ParamSlot[]): string | undefined {
  if (expected.length !== actual.length) return `${actual.length} parameters, expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (e.name !== a.name) return `parameter ${i} is "${a.name}", expected "${e.name}"`;
    if (e.shape.join() !== a.shape.join()) return `parameter "${e.name}" has shape [${a.shape}], expected [${e.shape}]`;
  }
  return undefined;
}
