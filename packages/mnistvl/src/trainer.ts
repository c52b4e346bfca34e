import { existsSync } from "node:fs";
import { readSafetensorsFile, toFloat32, type WritableTensor, writeSafetensorsFile } from "@llmnist/safetensors";
import type { MnistSplit } from "@llmnist/mnist-data";
import { shuffledIndices } from "@llmnist/mnist-data";
import { AdamW, createRng, deriveSeed, warmupCosineLr } from "@llmnist/train";
import * as tf from "@tensorflow/tfjs-core";
import { distortImage } from "./augment.js";
import { answerLoss, type MnistVL } from "./mnistvl-model.js";
import { IMAGE_PIXELS } from "./projector.js";
import type { VLTrainingRecipe } from "./presets.js";
import type { TextHead } from "./text-head.js";

export interface VLTrainOptions extends VLTrainingRecipe {
  vl: MnistVL;
  head: TextHead;
  /** What the optimiser updates (projector, LoRA adapters, or everything of a from-scratch LM). */
  params: Array<[string, tf.Variable]>;
  train: MnistSplit;
  /** Resumable state goes here (atomic writes); resumed from when it exists. */
  checkpointPath?: string;
  checkpointEverySteps?: number;
  /** Extra metadata written with the checkpoint (e.g. the model spec). */
  checkpointMetadata?: Record<string, string>;
  log?: (line: string) => void;
  /** Stop after this many optimiser steps in this call (for tests and smoke runs). */
  maxSteps?: number;
}

export interface VLTrainState {
  globalStep: number;
  totalSteps: number;
  epoch: number;
  seconds: number;
  lastLoss: number;
}

const STATE_KEY = "train_state";

/**
 * Train with the answer-token loss, AdamW and warm-up + cosine, batch by batch in a seeded
 * order (the order and the distortions depend only on seed, epoch and step, so a resumed run
 * sees the same batches as an uninterrupted one).
 */
export async function trainMnistVL(o: VLTrainOptions): Promise<VLTrainState> {
  const log = o.log ?? (() => {});
  const stepsPerEpoch = Math.floor(o.train.count / o.batchSize);
  const totalSteps = stepsPerEpoch * o.epochs;
  if (stepsPerEpoch < 1) throw new Error(`trainMnistVL: batch size ${o.batchSize} exceeds the ${o.train.count} training images`);
  const optimizer = new AdamW({ weightDecay: o.weightDecay });
  const state: VLTrainState = { globalStep: 0, totalSteps, epoch: 0, seconds: 0, lastLoss: Number.NaN };
  if (o.checkpointPath && existsSync(o.checkpointPath)) {
    Object.assign(state, await restore(o.checkpointPath, o.params, optimizer));
    if (state.totalSteps !== totalSteps) throw new Error(`${o.checkpointPath}: checkpoint is for ${state.totalSteps} steps, this run has ${totalSteps}`);
    log(`resumed from ${o.checkpointPath} at step ${state.globalStep}/${totalSteps}`);
  }
  const pixels = new Float32Array(o.batchSize * IMAGE_PIXELS);
  const labels = new Array<number>(o.batchSize);
  let stepsThisCall = 0;
  let windowStart = performance.now();
  let windowLoss = 0;
  let windowSteps = 0;
  while (state.globalStep < totalSteps && (o.maxSteps === undefined || stepsThisCall < o.maxSteps)) {
    const epoch = Math.floor(state.globalStep / stepsPerEpoch);
    const inEpoch = state.globalStep % stepsPerEpoch;
    const order = epochOrder(o.train.count, o.seed, epoch);
    const rng = createRng(deriveSeed(o.seed, 1, state.globalStep));
    for (let b = 0; b < o.batchSize; b++) {
      const index = order[inEpoch * o.batchSize + b]!;
      const src = o.train.images.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS);
      const dst = pixels.subarray(b * IMAGE_PIXELS, (b + 1) * IMAGE_PIXELS);
      if (o.augment) distortImage(src, dst, rng, o.augment);
      else dst.set(src);
      labels[b] = o.train.labels[index]!;
    }
    const lr = warmupCosineLr(state.globalStep, { peakLr: o.peakLr, warmupIters: Math.min(o.warmupSteps, totalSteps), totalIters: totalSteps });
    const t0 = performance.now();
    const x = tf.tensor2d(pixels, [o.batchSize, IMAGE_PIXELS]);
    const { value, grads } = tf.variableGrads(() => answerLoss(o.vl, o.head, x, labels), o.params.map(([, v]) => v));
    const loss = value.dataSync()[0]!;
    if (!Number.isFinite(loss)) throw new Error(`trainMnistVL: loss is ${loss} at step ${state.globalStep}`);
    optimizer.applyGradients(o.params, new Map(o.params.map(([name, v]) => [name, grads[v.name]!])), lr);
    tf.dispose([x, value, ...Object.values(grads)]);
    state.seconds += (performance.now() - t0) / 1000;
    state.globalStep += 1;
    state.epoch = Math.floor(state.globalStep / stepsPerEpoch);
    state.lastLoss = loss;
    stepsThisCall += 1;
    windowLoss += loss;
    windowSteps += 1;
    if (windowSteps === 100 || state.globalStep === totalSteps) {
      const elapsed = (performance.now() - windowStart) / 1000;
      log(`step ${state.globalStep}/${totalSteps} epoch ${(state.globalStep / stepsPerEpoch).toFixed(2)} loss ${(windowLoss / windowSteps).toFixed(4)} lr ${lr.toExponential(2)} ${(windowSteps / elapsed).toFixed(2)} steps/s`);
      windowStart = performance.now();
      windowLoss = 0;
      windowSteps = 0;
    }
    const every = o.checkpointEverySteps ?? 500;
    if (o.checkpointPath && (state.globalStep % every === 0 || state.globalStep === totalSteps)) {
      await saveTrainCheckpoint(o.checkpointPath, o.params, optimizer, state, o.checkpointMetadata ?? {});
    }
  }
  optimizer.dispose();
  return state;
}

function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  if (cachedOrder?.epoch !== epoch || cachedOrder.seed !== seed || cachedOrder.count !== count) {
    cachedOrder = { epoch, seed, count, order: shuffledIndices(count, seed, epoch) };
  }
  return cachedOrder.order;
}
let cachedOrder: { epoch: number; seed: number; count: number; order: Uint32Array } | null = null;

async function saveTrainCheckpoint(
  path: string,
  params: Array<[string, tf.Variable]>,
  optimizer: AdamW,
  state: VLTrainState,
  metadata: Record<string, string>,
): Promise<void> {
  const tensors: Record<string, WritableTensor> = {};
  for (const [name, t] of [...params, ...optimizer.stateTensors()]) {
    tensors[name] = { dtype: "F32", shape: [...t.shape], data: Float32Array.from(t.dataSync() as Float32Array) };
  }
  await writeSafetensorsFile(path, tensors, { ...metadata, [STATE_KEY]: JSON.stringify({ ...state, optimizerStep: optimizer.step }) });
}

async function restore(path: string, params: Array<[string, tf.Variable]>, optimizer: AdamW): Promise<VLTrainState> {
  const file = await readSafetensorsFile(path);
  const text = file.metadata[STATE_KEY];
  if (text === undefined) throw new Error(`${path}: not a training checkpoint (no "${STATE_KEY}" metadata)`);
  const saved = JSON.parse(text) as VLTrainState & { optimizerStep: number };
  const tensors = new Map<string, tf.Tensor>();
  try {
    for (const [name, raw] of file.tensors) tensors.set(name, tf.tensor(toFloat32(raw), raw.shape));
    for (const [name, variable] of params) {
      const t = tensors.get(name);
      if (!t) throw new Error(`${path}: parameter ${name} is missing`);
      if (!tf.util.arraysEqual(t.shape, variable.shape)) throw new Error(`${path}: parameter ${name}: expected shape [${variable.shape}], got [${t.shape}]`);
      variable.assign(t);
    }
    optimizer.loadState(saved.optimizerStep, tensors);
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
  return { globalStep: saved.globalStep, totalSteps: saved.totalSteps, epoch: saved.epoch, seconds: saved.seconds, lastLoss: saved.lastLoss };
}
