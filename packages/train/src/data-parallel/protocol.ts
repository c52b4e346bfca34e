import type { MessagePort } from "node:worker_threads";
import type { BackendName } from "../backend.js";
import type { FactorySpec } from "./factory.js";

/**
 * The main thread and a replica worker talk through shared memory, not messages, so a step
 * costs no serialisation and no event-loop turn on the worker's side.
 *
 * control (Int32Array): [STATE] what the worker should do or has done, [EXAMPLES] examples in
 * the worker's share, [PARAMS_VERSION] bumped by the main thread whenever `params` changed,
 * [JOB_MICROSECONDS] how long the worker's last job took (for the timing breakdown), then the
 * position of a GRADIENTS job's batch ([EPOCH], [STEP], [GLOBAL_STEP], [OFFSET], [BATCH_SIZE])
 * and [METRICS] the number of metrics the worker wrote.
 */
export const SLOT = {
  STATE: 0,
  EXAMPLES: 1,
  PARAMS_VERSION: 2,
  JOB_MICROSECONDS: 3,
  EPOCH: 4,
  STEP: 5,
  GLOBAL_STEP: 6,
  OFFSET: 7,
  BATCH_SIZE: 8,
  METRICS: 9,
} as const;
export const CONTROL_SLOTS = 10;
/** Most named metrics a loss may return. */
export const MAX_METRICS = 32;

export const STATE = {
  /** Waiting for work. */
  IDLE: 0,
  /** Main posted a share of a batch: compute its loss, metrics and gradients. */
  GRADIENTS: 1,
  /** Main posted evaluation indices: write the task's per-example outputs. */
  INFER: 2,
  /** The job is done (results in `grads`/`scalars` or `outputs`). */
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
  /** Builds the replica's TaskParts (same parameter names and shapes as the main thread's). */
  task: FactorySpec;
  layout: ParamSlot[];
  /** Most indices one job can hold (the size of `indices`). */
  maxShare: number;
  /** Numbers per example of an INFER job. */
  inferWidth: number;
  control: SharedArrayBuffer;
  /** Float32: every parameter, written by the main thread after each update. */
  params: SharedArrayBuffer;
  /** Float32: the worker's gradients of its share's mean loss. */
  grads: SharedArrayBuffer;
  /** Uint32: the share's example indices. */
  indices: SharedArrayBuffer;
  /** Float32: INFER outputs, inferWidth per index. */
  outputs: SharedArrayBuffer;
  /** Float64: [0] the share's mean loss, then its metrics in the order of their sorted names. */
  scalars: SharedArrayBuffer;
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
