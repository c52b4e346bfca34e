import * as tf from "@tensorflow/tfjs-core";
import { assignNamedTensors, toFloat32, type SafetensorsFile, type WritableTensor } from "@llmnist/safetensors";
import { fnv1a32 } from "@llmnist/random";
import type { AdamW } from "./adamw.js";
import type { EpochRecord } from "./engine/options.js";
import { checkEpochRecord } from "./metrics.js";

/** Value of the "format" metadata key of a training checkpoint. */
export const CHECKPOINT_FORMAT = "llmnist.train.checkpoint";
export const CHECKPOINT_VERSION = 2;

/** What must match for a checkpoint to be resumed. */
export interface TrainFingerprint {
  seed: number;
  batchSize: number;
  epochs: number;
  examples: number;
  dropLast: boolean;
  peakLr: number;
  warmupSteps: number;
  weightDecay: number;
  /** The task's identification of its data (e.g. a hash of the labels). */
  data: Record<string, string | number>;
  /** Parameter names and shapes, in model order. */
  params: Array<[string, number[]]>;
}

/** The training position saved with a checkpoint (stored as JSON in the "state" metadata key). */
export interface TrainState {
  /** Epochs completed. */
  epoch: number;
  /** Steps done in the next epoch (0 at an epoch boundary). */
  step: number;
  /** Steps done since the start of training. */
  globalStep: number;
  optimizerStep: number;
  /** Sum of the per-batch losses of the `step` steps done in the current epoch. */
  epochLossSum: number;
  /** Sums of the per-batch metrics of those steps. */
  epochMetricSums: Record<string, number>;
  /** Wall seconds already spent on the current epoch. */
  epochSeconds: number;
  /** Wall seconds of training so far, all sessions. */
  elapsedSeconds: number;
  history: EpochRecord[];
  /** The best epoch so far by the run's best metric; null before the first epoch ended. */
  best: { metric: string; value: number; epoch: number } | null;
  seed: number;
  fingerprint: TrainFingerprint;
}

/** FNV-1a (32-bit) of a byte array, as 8 hex digits. */
export function fnv1aHex(bytes: Uint8Array): string {
  return fnv1a32(bytes).toString(16).padStart(8, "0");
}

/** Human-readable differences between a checkpoint's fingerprint and this run's ("" entries none). */
export function fingerprintMismatches(saved: TrainFingerprint, now: TrainFingerprint): string[] {
  const out: string[] = [];
  const scalars = ["seed", "batchSize", "epochs", "examples", "dropLast", "peakLr", "warmupSteps", "weightDecay"] as const;
  for (const k of scalars) {
    if (saved[k] !== now[k]) out.push(`${k} ${JSON.stringify(saved[k])} in the checkpoint, ${JSON.stringify(now[k])} now`);
  }
  for (const k of new Set([...Object.keys(saved.data ?? {}), ...Object.keys(now.data)])) {
    const a = saved.data?.[k];
    const b = now.data[k];
    if (a !== b) out.push(`data ${k} ${JSON.stringify(a)} in the checkpoint, ${JSON.stringify(b)} now`);
  }
  const savedParams = new Map(saved.params.map(([n, s]) => [n, s]));
  const nowParams = new Map(now.params.map(([n, s]) => [n, s]));
  for (const [n, s] of nowParams) {
    const old = savedParams.get(n);
    if (old === undefined) out.push(`parameter "${n}" is not in the checkpoint`);
    else if (!tf.util.arraysEqual(old, s)) out.push(`parameter "${n}" has shape [${old}] in the checkpoint, [${s}] now`);
  }
  for (const n of savedParams.keys()) {
    if (!nowParams.has(n)) out.push(`checkpoint parameter "${n}" is not in the model`);
  }
  return out;
}

function floatTensor(t: tf.Tensor): WritableTensor {
  const data = t.dataSync();
  if (!(data instanceof Float32Array)) throw new Error(`checkpoint: tensor of dtype ${t.dtype} is not float32`);
  return { dtype: "F32", shape: [...t.shape], data };
}

/** The contents of a weights file: the model's parameters (F32, named as namedParameters). */
export function weightsContents(params: Array<[string, tf.Variable]>, metadata: Record<string, string> = {}): { tensors: Record<string, WritableTensor>; metadata: Record<string, string> } {
  const tensors: Record<string, WritableTensor> = {};
  for (const [name, p] of params) tensors[name] = floatTensor(p);
  return { tensors, metadata };
}

/** The contents of a checkpoint: parameters + AdamW moments, the state in the metadata. */
export function checkpointContents(
  params: Array<[string, tf.Variable]>,
  optimizer: AdamW,
  state: TrainState,
  metadata: Record<string, string> = {},
): { tensors: Record<string, WritableTensor>; metadata: Record<string, string> } {
  const { tensors } = weightsContents(params);
  for (const [name, t] of optimizer.stateTensors()) tensors[name] = floatTensor(t);
  return { tensors, metadata: { ...metadata, format: CHECKPOINT_FORMAT, version: String(CHECKPOINT_VERSION), state: JSON.stringify(state) } };
}

export interface LoadedCheckpoint {
  state: TrainState;
  /** Every tensor in the file, decoded to float32. */
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
}

/** A parsed checkpoint file (see checkpointContents); throws naming `path` when it is not one. */
export function parseCheckpoint(file: SafetensorsFile, path: string): LoadedCheckpoint {
  const { format, version, state: stateJson } = file.metadata;
  if (format !== CHECKPOINT_FORMAT) {
    throw new Error(
      `${path}: not a training checkpoint: metadata "format" is ${JSON.stringify(format)}, expected "${CHECKPOINT_FORMAT}"`,
    );
  }
  if (version !== String(CHECKPOINT_VERSION)) {
    throw new Error(
      `${path}: checkpoint version ${JSON.stringify(version)} is not supported (expected ${CHECKPOINT_VERSION}); ` +
        `it was written by an earlier llmnist: start the run over (without resume) or finish it with that version`,
    );
  }
  if (stateJson === undefined) throw new Error(`${path}: checkpoint has no "state" metadata`);
  let state: TrainState;
  try {
    state = JSON.parse(stateJson) as TrainState;
  } catch (e) {
    throw new Error(`${path}: "state" metadata is not JSON: ${(e as Error).message}`);
  }
  checkState(state, path);
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, raw] of file.tensors) tensors.set(name, { shape: raw.shape, data: toFloat32(raw) });
  return { state, tensors };
}

function checkState(s: TrainState, path: string): void {
  const ints = ["epoch", "step", "globalStep", "optimizerStep", "seed"] as const;
  for (const k of ints) {
    if (!Number.isSafeInteger(s[k]) || (k !== "seed" && s[k] < 0)) {
      throw new Error(`${path}: checkpoint state field "${k}" must be a non-negative integer, got ${JSON.stringify(s[k])}`);
    }
  }
  for (const k of ["epochLossSum", "epochSeconds", "elapsedSeconds"] as const) {
    if (typeof s[k] !== "number") {
      throw new Error(`${path}: checkpoint state field "${k}" must be a number, got ${JSON.stringify(s[k])}`);
    }
  }
  if (!Array.isArray(s.history)) throw new Error(`${path}: checkpoint state field "history" must be an array`);
  s.history = s.history.map((m, i) => checkEpochRecord(m, `${path}: history[${i}]`));
  if (typeof s.epochMetricSums !== "object" || s.epochMetricSums === null) {
    throw new Error(`${path}: checkpoint state field "epochMetricSums" must be an object`);
  }
  if (s.best !== null && (typeof s.best !== "object" || typeof s.best.value !== "number" || typeof s.best.metric !== "string")) {
    throw new Error(`${path}: checkpoint state field "best" must be null or { metric, value, epoch }, got ${JSON.stringify(s.best)}`);
  }
  if (s.history.length !== s.epoch) {
    throw new Error(`${path}: checkpoint has ${s.history.length} history entries for ${s.epoch} completed epochs`);
  }
  const f = s.fingerprint;
  if (typeof f !== "object" || f === null || !Array.isArray(f.params) || typeof f.data !== "object") {
    throw new Error(`${path}: checkpoint state has no valid "fingerprint"`);
  }
}

/**
 * Copies a checkpoint's parameter values into the model's variables: every name, shape and
 * value (finite) is checked before anything is assigned; optimizer state is skipped.
 */
export function restoreParams(
  params: Array<[string, tf.Variable]>,
  tensors: LoadedCheckpoint["tensors"],
  source: string,
): void {
  assignNamedTensors(params, tensors, { source, target: "the model", allowUnused: (name) => name.startsWith("adamw.") });
}

/** Restores AdamW's step and moments from a checkpoint's adamw.* tensors. */
export function restoreOptimizer(optimizer: AdamW, step: number, tensors: LoadedCheckpoint["tensors"]): void {
  const moments = new Map<string, tf.Tensor>();
  try {
    for (const [name, t] of tensors) {
      if (name.startsWith("adamw.")) moments.set(name, tf.tensor(t.data, t.shape, "float32"));
    }
    optimizer.loadState(step, moments);
  } finally {
    for (const t of moments.values()) t.dispose();
  }
}
