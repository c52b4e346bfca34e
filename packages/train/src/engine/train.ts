import * as tf from "@tensorflow/tfjs-core";
import { shuffledIndices } from "@llmnist/mnist-data";
import { parseSafetensors, serializeSafetensors } from "@llmnist/safetensors";
import { AdamW } from "../adamw.js";
import {
  checkpointContents,
  fingerprintMismatches,
  parseCheckpoint,
  restoreOptimizer,
  restoreParams,
  weightsContents,
  type TrainFingerprint,
  type TrainState,
} from "../checkpoint.js";
import { NonFiniteLossError, TrainingAbortedError } from "../errors.js";
import "../gradients.js";
import { metricsJsonl } from "../metrics.js";
import { createConsoleProgress, etaSeconds, imagesPerSecond } from "../progress.js";
import { warmupCosineLr } from "../schedule.js";
import type { EpochRecord, ProgressSink, StepInfo, TrainOptions, TrainResult } from "./options.js";
import { engineHost, type RunFiles } from "./host.js";
import { createStepper } from "./stepper.js";
import type { TrainBatch } from "./task.js";

export const CHECKPOINT_FILE = "checkpoint.safetensors";
export const BEST_FILE = "best.safetensors";
export const METRICS_FILE = "metrics.jsonl";

const OPTIMIZER_PREFIX = "adamw.";
/** Fields of EpochRecord the engine writes; a task's metric may not take these names. */
const RESERVED = new Set(["epoch", "steps", "train_loss", "lr", "seconds"]);

interface Resolved {
  peakLr: number;
  warmupSteps: number;
  weightDecay: number;
  stepsPerEpoch: number;
  totalSteps: number;
  checkpointEverySteps: number;
  best: { metric: string; mode: "max" | "min" };
}

function resolveOptions(o: TrainOptions): Resolved {
  const positiveInt = (name: string, v: number): void => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`train: ${name} must be a positive integer, got ${v}`);
  };
  positiveInt("epochs", o.epochs);
  positiveInt("batchSize", o.batchSize);
  positiveInt("examples", o.examples);
  if (!Number.isSafeInteger(o.seed)) throw new Error(`train: seed must be a safe integer, got ${o.seed}`);
  const peakLr = o.peakLr ?? 1e-3;
  if (!Number.isFinite(peakLr) || peakLr <= 0) throw new Error(`train: peakLr must be > 0, got ${peakLr}`);
  const stepsPerEpoch = o.dropLast ? Math.floor(o.examples / o.batchSize) : Math.ceil(o.examples / o.batchSize);
  if (stepsPerEpoch < 1) throw new Error(`train: batchSize ${o.batchSize} exceeds the ${o.examples} examples with dropLast`);
  const totalSteps = stepsPerEpoch * o.epochs;
  let warmupSteps: number;
  if (o.warmupSteps !== undefined) {
    if (!Number.isInteger(o.warmupSteps) || o.warmupSteps < 0) throw new Error(`train: warmupSteps must be a non-negative integer, got ${o.warmupSteps}`);
    warmupSteps = Math.min(o.warmupSteps, totalSteps);
  } else {
    const warmupEpochs = Math.min(o.warmupEpochs ?? 2, o.epochs);
    if (!Number.isInteger(warmupEpochs) || warmupEpochs < 0) {
      throw new Error(`train: warmupEpochs must be a non-negative integer, got ${o.warmupEpochs}`);
    }
    warmupSteps = warmupEpochs * stepsPerEpoch;
  }
  const weightDecay = o.weightDecay ?? 0.01;
  if (!Number.isFinite(weightDecay) || weightDecay < 0) throw new Error(`train: weightDecay must be >= 0, got ${weightDecay}`);
  const checkpointEverySteps = o.checkpointEverySteps ?? 500;
  if (!Number.isInteger(checkpointEverySteps) || checkpointEverySteps < 0) {
    throw new Error(`train: checkpointEverySteps must be a non-negative integer, got ${checkpointEverySteps}`);
  }
  if (o.maxSteps !== undefined) positiveInt("maxSteps", o.maxSteps);
  const best = { metric: o.best?.metric ?? "train_loss", mode: o.best?.mode ?? (o.best === undefined ? "min" : "max") } as const;
  if (best.mode !== "max" && best.mode !== "min") throw new Error(`train: best.mode must be "max" or "min", got ${JSON.stringify(best.mode)}`);
  return { peakLr, warmupSteps, weightDecay, stepsPerEpoch, totalSteps, checkpointEverySteps, best };
}

function checkParams(params: Array<[string, tf.Variable]>): void {
  if (params.length === 0) throw new Error("train: no parameters to train");
  const names = new Set<string>();
  const vars = new Set<tf.Variable>();
  for (const [name, v] of params) {
    if (names.has(name)) throw new Error(`train: parameter name "${name}" appears twice`);
    if (vars.has(v)) throw new Error(`train: parameter "${name}" is the same variable as another parameter`);
    if (name.startsWith(OPTIMIZER_PREFIX)) {
      throw new Error(`train: parameter name "${name}" must not start with "${OPTIMIZER_PREFIX}" (reserved for optimizer state)`);
    }
    if (!(v instanceof tf.Variable)) throw new Error(`train: parameter "${name}" is not a tf.Variable`);
    if (v.dtype !== "float32") throw new Error(`train: parameter "${name}" has dtype ${v.dtype}, expected float32`);
    names.add(name);
    vars.add(v);
  }
}

function resolveSink(progress: TrainOptions["progress"]): ProgressSink {
  if (progress === true) return createConsoleProgress();
  if (progress === false || progress === undefined) return {};
  return progress;
}

function checkEvaluation(metrics: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(metrics)) {
    if (RESERVED.has(k) || k.startsWith("train_")) throw new Error(`train: evaluate() returned "${k}", a name the engine uses`);
    if (typeof v !== "number") throw new Error(`train: evaluate() returned ${JSON.stringify(v)} for "${k}", expected a number`);
  }
  return metrics;
}

/**
 * Lets other work run between steps. Node: setImmediate. A browser has none, and its
 * setTimeout(0) is clamped to 4 ms once nested and throttled much harder in background tabs,
 * so a MessageChannel message (a macrotask without either) is used there.
 */
const yieldToEventLoop: () => Promise<void> =
  typeof setImmediate === "function" ? () => new Promise((resolve) => setImmediate(resolve)) : messageChannelYield();

function messageChannelYield(): () => Promise<void> {
  if (typeof MessageChannel !== "function") return () => new Promise((resolve) => setTimeout(resolve, 0));
  const channel = new MessageChannel();
  const waiting: Array<() => void> = [];
  // The DOM's MessagePort (this runs in browsers; Node's typings describe worker_threads' port).
  (channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = () => waiting.shift()?.();
  return () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
}

/** The run's files: `files`, else outDir's through the host (Node), else none. */
function runFiles(opts: TrainOptions): RunFiles | undefined {
  if (opts.files !== undefined && opts.outDir !== undefined) throw new Error("train: give outDir or files, not both");
  if (opts.files !== undefined) return opts.files;
  if (opts.outDir === undefined) return undefined;
  const host = engineHost();
  if (host === undefined) throw new Error(`train: outDir needs a file system (Node's @llmnist/train); here pass files (a RunFiles) or neither`);
  return host.runFiles(opts.outDir);
}

const safetensorsBytes = (contents: { tensors: Parameters<typeof serializeSafetensors>[0]; metadata: Record<string, string> }): Uint8Array =>
  serializeSafetensors(contents.tensors, contents.metadata);

/**
 * Trains any model: AdamW, per-iteration warm-up + cosine lr, a seeded shuffle of the examples
 * per epoch, the task's evaluation after every epoch. With outDir (Node) or files, writes metrics.jsonl,
 * best.safetensors and checkpoint.safetensors (atomically) and can resume from the checkpoint,
 * mid-epoch included, reproducing an uninterrupted run. A non-finite loss stops training
 * (NonFiniteLossError) with the last good checkpoint kept.
 */
export async function train(opts: TrainOptions): Promise<TrainResult> {
  const r = resolveOptions(opts);
  const { parameters: params, epochs, batchSize, seed, signal } = opts;
  checkParams(params);
  const { stepsPerEpoch, totalSteps } = r;
  const lrAt = (iter: number): number => warmupCosineLr(iter, { peakLr: r.peakLr, warmupIters: r.warmupSteps, totalIters: totalSteps });
  const fingerprint: TrainFingerprint = {
    seed,
    batchSize,
    epochs,
    examples: opts.examples,
    dropLast: opts.dropLast ?? false,
    peakLr: r.peakLr,
    warmupSteps: r.warmupSteps,
    weightDecay: r.weightDecay,
    data: opts.dataFingerprint ?? {},
    params: params.map(([n, v]) => [n, [...v.shape]]),
  };
  const files = runFiles(opts);

  const optimizer = new AdamW({ lr: r.peakLr, weightDecay: r.weightDecay });
  const sink = resolveSink(opts.progress);
  const parts = { parameters: params, loss: opts.loss, ...(opts.infer ? { infer: opts.infer } : {}) };
  const stepper = await createStepper(parts, optimizer, {
    ...(opts.replica ? { replica: opts.replica } : {}),
    ...(opts.threads === undefined ? {} : { threads: opts.threads }),
    ...(opts.inferBatchSize === undefined ? {} : { inferBatchSize: opts.inferBatchSize }),
    ...(opts.inferWidth === undefined ? {} : { inferWidth: opts.inferWidth }),
    batchSize,
    say: (line) => sink.onMessage?.(line),
  }).catch((e: unknown) => {
    optimizer.dispose();
    sink.close?.();
    throw e;
  });
  const infer = (indices: Uint32Array): Promise<Float32Array> => stepper.infer(indices);
  let lastCheckpoint: string | undefined;
  try {
    let state: TrainState = {
      epoch: 0,
      step: 0,
      globalStep: 0,
      optimizerStep: 0,
      epochLossSum: 0,
      epochMetricSums: {},
      epochSeconds: 0,
      elapsedSeconds: 0,
      history: [],
      best: null,
      seed,
      fingerprint,
    };
    let resumedFrom: TrainResult["resumedFrom"];
    if (files !== undefined) {
      const where = files.locate(CHECKPOINT_FILE);
      if (opts.resume && (await files.exists(CHECKPOINT_FILE))) {
        const ckpt = parseCheckpoint(parseSafetensors(await files.read(CHECKPOINT_FILE), where), where);
        const diffs = fingerprintMismatches(ckpt.state.fingerprint, fingerprint);
        if (diffs.length > 0) {
          throw new Error(
            `cannot resume from ${where}: it was made with different options: ${diffs.join("; ")}. ` +
              `Use the original options, another outDir, or resume: false to start over.`,
          );
        }
        restoreParams(params, ckpt.tensors, where);
        restoreOptimizer(optimizer, ckpt.state.optimizerStep, ckpt.tensors);
        state = { ...ckpt.state, fingerprint };
        resumedFrom = { epoch: state.epoch, step: state.step };
        lastCheckpoint = where;
      } else {
        // A fresh run: drop files of an earlier run so the folder describes this one only.
        await files.remove(CHECKPOINT_FILE);
        await files.remove(BEST_FILE);
      }
      // Rewritten from the checkpoint's history: no duplicated or stale epochs.
      await files.write(METRICS_FILE, metricsJsonl(state.history));
    }
    sink.onStart?.({ epochs, stepsPerEpoch, ...(resumedFrom ? { resumedFrom } : {}) });
    if (resumedFrom) {
      sink.onMessage?.(`resumed from ${lastCheckpoint}: ${resumedFrom.epoch} epochs and ${resumedFrom.step} steps of the next one done`);
    }

    const sessionStart = performance.now();
    const elapsedBefore = state.elapsedSeconds;
    let sessionSteps = 0;
    let sessionExamples = 0;
    const elapsedNow = (): number => elapsedBefore + (performance.now() - sessionStart) / 1000;
    let epochStart = performance.now() - state.epochSeconds * 1000;

    const writeCheckpoint = async (): Promise<void> => {
      if (files === undefined) return;
      state.optimizerStep = optimizer.step;
      state.epochSeconds = (performance.now() - epochStart) / 1000;
      state.elapsedSeconds = elapsedNow();
      await files.write(CHECKPOINT_FILE, safetensorsBytes(checkpointContents(params, optimizer, state, opts.metadata)));
      lastCheckpoint = files.locate(CHECKPOINT_FILE);
    };
    const result = (completed: boolean): TrainResult => ({
      history: state.history,
      best: state.best ?? undefined,
      wallSeconds: elapsedNow(),
      threads: stepper.threads,
      completed,
      ...(resumedFrom ? { resumedFrom } : {}),
    });

    while (state.epoch < epochs) {
      const e = state.epoch; // 0-based epoch in progress
      const order = shuffledIndices(opts.examples, seed, e);
      while (state.step < stepsPerEpoch) {
        if (signal?.aborted) {
          await writeCheckpoint();
          throw new TrainingAbortedError(state.epoch, state.step, lastCheckpoint);
        }
        if (opts.maxSteps !== undefined && sessionSteps >= opts.maxSteps) {
          await writeCheckpoint();
          return result(false);
        }
        const s = state.step;
        const indices = order.subarray(s * batchSize, Math.min((s + 1) * batchSize, opts.examples));
        const lr = lrAt(e * stepsPerEpoch + s);
        const batch: TrainBatch = { indices, epoch: e, step: s, globalStep: state.globalStep, offset: 0, batchSize: indices.length };
        const { loss, metrics } = await stepper.step(batch, lr);
        if (!Number.isFinite(loss)) throw new NonFiniteLossError(e + 1, s + 1, loss, lastCheckpoint);
        state.step += 1;
        state.globalStep += 1;
        state.epochLossSum += loss;
        for (const [k, v] of Object.entries(metrics)) state.epochMetricSums[k] = (state.epochMetricSums[k] ?? 0) + v;
        sessionSteps += 1;
        sessionExamples += indices.length;
        const trainSeconds = (performance.now() - sessionStart) / 1000;
        const info: StepInfo = {
          epoch: e + 1,
          epochs,
          step: state.step,
          stepsPerEpoch,
          globalStep: state.globalStep,
          totalSteps,
          loss,
          metrics,
          lr,
          batchSize: indices.length,
          examplesPerSecond: imagesPerSecond(sessionExamples, trainSeconds),
          etaSeconds: etaSeconds(state.globalStep, totalSteps, sessionSteps, trainSeconds),
        };
        opts.onStep?.(info);
        sink.onStep?.(info);
        const every = r.checkpointEverySteps;
        if (every > 0 && state.globalStep % every === 0 && state.step < stepsPerEpoch) await writeCheckpoint();
        await yieldToEventLoop();
      }

      const evaluation = opts.evaluate === undefined ? {} : checkEvaluation(await opts.evaluate(infer));
      const record: EpochRecord = {
        epoch: e + 1,
        steps: stepsPerEpoch,
        train_loss: state.epochLossSum / stepsPerEpoch,
        lr: lrAt((e + 1) * stepsPerEpoch - 1),
        seconds: 0,
      };
      for (const [k, v] of Object.entries(state.epochMetricSums)) record[`train_${k}`] = v / stepsPerEpoch;
      Object.assign(record, evaluation);
      record.seconds = (performance.now() - epochStart) / 1000;
      const value = record[r.best.metric];
      if (typeof value !== "number") {
        throw new Error(`train: best metric "${r.best.metric}" is not among the epoch's metrics (${Object.keys(record).join(", ")})`);
      }
      state.history.push(record);
      const improved = state.best === null || (r.best.mode === "max" ? value > state.best.value : value < state.best.value);
      if (improved) state.best = { metric: r.best.metric, value, epoch: record.epoch };
      state.epoch += 1;
      state.step = 0;
      state.epochLossSum = 0;
      state.epochMetricSums = {};
      if (files !== undefined) {
        await files.write(METRICS_FILE, metricsJsonl(state.history));
        if (improved) {
          const metadata = { ...opts.metadata, format: "llmnist.train.weights", epoch: String(record.epoch), [r.best.metric]: String(value) };
          await files.write(BEST_FILE, safetensorsBytes(weightsContents(params, metadata)));
        }
        await writeCheckpoint();
      }
      epochStart = performance.now();
      state.epochSeconds = 0;
      opts.onEpoch?.(record);
      sink.onEpoch?.(record, epochs);
    }
    return result(true);
  } finally {
    await stepper.dispose();
    optimizer.dispose();
    sink.close?.();
  }
}
