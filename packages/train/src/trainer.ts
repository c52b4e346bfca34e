import * as tf from "@tensorflow/tfjs-core";
import { rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { batchCount, makeBatch, shuffledIndices } from "@llmnist/mnist-data";
import { writeFileAtomic } from "@llmnist/safetensors";
import { AdamW } from "./adamw.js";
import { createOptimizationStep } from "./step.js";
import "./gradients.js";
import {
  fingerprintMismatches,
  fnv1aHex,
  loadCheckpoint,
  restoreOptimizer,
  restoreParams,
  saveCheckpoint,
  saveWeights,
  type TrainFingerprint,
  type TrainState,
} from "./checkpoint.js";
import { NonFiniteLossError, TrainingAbortedError } from "./errors.js";
import { evaluateClassifier, evaluateWithPredictor } from "./evaluate.js";
import { startDataParallelFor } from "./data-parallel/for-training.js";
import { metricsJsonl } from "./metrics.js";
import { createConsoleProgress, etaSeconds, imagesPerSecond } from "./progress.js";
import { paperSchedule } from "./schedule.js";
import { checkSplit } from "./split-check.js";
import type { EpochMetrics, ProgressSink, StepInfo, TrainOptions, TrainResult } from "./types.js";

export const CHECKPOINT_FILE = "checkpoint.safetensors";
export const BEST_FILE = "best.safetensors";
export const METRICS_FILE = "metrics.jsonl";

const OPTIMIZER_PREFIX = "adamw.";

interface Resolved {
  peakLr: number;
  warmupEpochs: number;
  weightDecay: number;
  classes: number;
  evalBatchSize: number;
  checkpointEverySteps: number;
}

function resolveOptions(o: TrainOptions): Resolved {
  const positiveInt = (name: string, v: number): void => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`trainClassifier: ${name} must be a positive integer, got ${v}`);
  };
  positiveInt("epochs", o.epochs);
  positiveInt("batchSize", o.batchSize);
  if (!Number.isSafeInteger(o.seed)) throw new Error(`trainClassifier: seed must be a safe integer, got ${o.seed}`);
  const peakLr = o.peakLr ?? 1e-3;
  if (!Number.isFinite(peakLr) || peakLr <= 0) throw new Error(`trainClassifier: peakLr must be > 0, got ${peakLr}`);
  const warmupEpochs = Math.min(o.warmupEpochs ?? 2, o.epochs);
  if (!Number.isInteger(warmupEpochs) || warmupEpochs < 0) {
    throw new Error(`trainClassifier: warmupEpochs must be a non-negative integer, got ${o.warmupEpochs}`);
  }
  const weightDecay = o.weightDecay ?? 0.01;
  const classes = o.classes ?? 10;
  positiveInt("classes", classes);
  const evalBatchSize = o.evalBatchSize ?? 500;
  positiveInt("evalBatchSize", evalBatchSize);
  const checkpointEverySteps = o.checkpointEverySteps ?? 500;
  if (!Number.isInteger(checkpointEverySteps) || checkpointEverySteps < 0) {
    throw new Error(`trainClassifier: checkpointEverySteps must be a non-negative integer, got ${checkpointEverySteps}`);
  }
  return { peakLr, warmupEpochs, weightDecay, classes, evalBatchSize, checkpointEverySteps };
}

function checkParams(params: Array<[string, tf.Variable]>): void {
  if (params.length === 0) throw new Error("trainClassifier: model.namedParameters() returned no parameters");
  const names = new Set<string>();
  const vars = new Set<tf.Variable>();
  for (const [name, v] of params) {
    if (names.has(name)) throw new Error(`trainClassifier: parameter name "${name}" appears twice`);
    if (vars.has(v)) throw new Error(`trainClassifier: parameter "${name}" is the same variable as another parameter`);
    if (name.startsWith(OPTIMIZER_PREFIX)) {
      throw new Error(`trainClassifier: parameter name "${name}" must not start with "${OPTIMIZER_PREFIX}" (reserved for optimizer state)`);
    }
    if (!(v instanceof tf.Variable)) throw new Error(`trainClassifier: parameter "${name}" is not a tf.Variable`);
    if (v.dtype !== "float32") throw new Error(`trainClassifier: parameter "${name}" has dtype ${v.dtype}, expected float32`);
    names.add(name);
    vars.add(v);
  }
}

function resolveSink(progress: TrainOptions["progress"]): ProgressSink {
  if (progress === true) return createConsoleProgress();
  if (progress === false || progress === undefined) return {};
  return progress;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Trains a classifier with the paper's protocol: AdamW, per-iteration warm-up + cosine lr,
 * a seeded shuffle per epoch, test accuracy after every epoch. With outDir, writes
 * metrics.jsonl, best.safetensors and checkpoint.safetensors (atomically) and can resume
 * from the checkpoint, mid-epoch included, reproducing an uninterrupted run.
 */
export async function trainClassifier(opts: TrainOptions): Promise<TrainResult> {
  const r = resolveOptions(opts);
  const { model, loss, train, test, epochs, batchSize, seed, outDir, signal } = opts;
  checkSplit(train, "trainClassifier: train", r.classes);
  checkSplit(test, "trainClassifier: test", r.classes);
  const params = model.namedParameters();
  checkParams(params);

  const stepsPerEpoch = batchCount(train.count, batchSize);
  const totalSteps = epochs * stepsPerEpoch;
  const lrAt = paperSchedule(stepsPerEpoch, epochs, r.peakLr, r.warmupEpochs);
  const fingerprint: TrainFingerprint = {
    seed,
    batchSize,
    epochs,
    trainCount: train.count,
    trainLabelsHash: fnv1aHex(train.labels),
    testCount: test.count,
    peakLr: r.peakLr,
    warmupEpochs: r.warmupEpochs,
    weightDecay: r.weightDecay,
    params: params.map(([n, v]) => [n, [...v.shape]]),
  };
  const paths =
    outDir === undefined
      ? undefined
      : { checkpoint: join(outDir, CHECKPOINT_FILE), best: join(outDir, BEST_FILE), metrics: join(outDir, METRICS_FILE) };

  const optimizer = new AdamW({ lr: r.peakLr, weightDecay: r.weightDecay });
  const sink = resolveSink(opts.progress);
  const parallel = await startDataParallelFor(opts, optimizer, (line) => sink.onMessage?.(line)).catch((e: unknown) => {
    optimizer.dispose();
    sink.close?.();
    throw e;
  });
  const optimizationStep = parallel?.step ?? createOptimizationStep(model, loss, optimizer);
  const evaluate = (): Promise<ReturnType<typeof evaluateClassifier>> | ReturnType<typeof evaluateClassifier> => {
    const evalOptions = { batchSize: r.evalBatchSize, classes: r.classes };
    return parallel === undefined ? evaluateClassifier(model, test, evalOptions) : evaluateWithPredictor(parallel.predict, test, evalOptions);
  };
  let lastCheckpoint: string | undefined;
  try {
    let state: TrainState = {
      epoch: 0,
      step: 0,
      globalStep: 0,
      optimizerStep: 0,
      epochLossSum: 0,
      epochSeconds: 0,
      elapsedSeconds: 0,
      history: [],
      bestAccuracy: -1,
      bestEpoch: 0,
      seed,
      fingerprint,
    };
    let resumedFrom: TrainResult["resumedFrom"];
    if (paths !== undefined) {
      if (opts.resume && existsSync(paths.checkpoint)) {
        const ckpt = await loadCheckpoint(paths.checkpoint);
        const diffs = fingerprintMismatches(ckpt.state.fingerprint, fingerprint);
        if (diffs.length > 0) {
          throw new Error(
            `cannot resume from ${paths.checkpoint}: it was made with different options: ${diffs.join("; ")}. ` +
              `Use the original options, another outDir, or resume: false to start over.`,
          );
        }
        restoreParams(params, ckpt.tensors, paths.checkpoint);
        restoreOptimizer(optimizer, ckpt.state.optimizerStep, ckpt.tensors);
        state = { ...ckpt.state, fingerprint };
        resumedFrom = { epoch: state.epoch, step: state.step };
        lastCheckpoint = paths.checkpoint;
      } else {
        // A fresh run: drop files of an earlier run so the folder describes this one only.
        await rm(paths.checkpoint, { force: true });
        await rm(paths.best, { force: true });
      }
      // Rewritten from the checkpoint's history: no duplicated or stale epochs.
      await writeFileAtomic(paths.metrics, metricsJsonl(state.history));
    }
    sink.onStart?.({ epochs, stepsPerEpoch, ...(resumedFrom ? { resumedFrom } : {}) });
    if (resumedFrom) {
      sink.onMessage?.(
        `resumed from ${lastCheckpoint}: ${resumedFrom.epoch} epochs and ${resumedFrom.step} steps of the next one done`,
      );
    }

    const sessionStart = performance.now();
    const elapsedBefore = state.elapsedSeconds;
    let sessionSteps = 0;
    let sessionImages = 0;
    const elapsedNow = (): number => elapsedBefore + (performance.now() - sessionStart) / 1000;
    let epochStart = performance.now() - state.epochSeconds * 1000;

    const writeCheckpoint = async (): Promise<void> => {
      if (paths === undefined) return;
      state.optimizerStep = optimizer.step;
      state.epochSeconds = (performance.now() - epochStart) / 1000;
      state.elapsedSeconds = elapsedNow();
      await saveCheckpoint(paths.checkpoint, params, optimizer, state);
      lastCheckpoint = paths.checkpoint;
    };

    while (state.epoch < epochs) {
      const e = state.epoch; // 0-based epoch in progress
      const order = shuffledIndices(train.count, seed, e);
      while (state.step < stepsPerEpoch) {
        if (signal?.aborted) {
          await writeCheckpoint();
          throw new TrainingAbortedError(state.epoch, state.step, lastCheckpoint);
        }
        const s = state.step;
        const indices = order.subarray(s * batchSize, Math.min((s + 1) * batchSize, train.count));
        const lr = lrAt(e * stepsPerEpoch + s);
        const lossValue = await trainStep(indices, lr);
        if (!Number.isFinite(lossValue)) {
          throw new NonFiniteLossError(e + 1, s + 1, lossValue, lastCheckpoint);
        }
        state.step += 1;
        state.globalStep += 1;
        state.epochLossSum += lossValue;
        sessionSteps += 1;
        sessionImages += indices.length;
        const trainSeconds = (performance.now() - sessionStart) / 1000;
        const info: StepInfo = {
          epoch: e + 1,
          epochs,
          step: state.step,
          stepsPerEpoch,
          globalStep: state.globalStep,
          totalSteps,
          loss: lossValue,
          lr,
          batchSize: indices.length,
          imagesPerSecond: imagesPerSecond(sessionImages, trainSeconds),
          etaSeconds: etaSeconds(state.globalStep, totalSteps, sessionSteps, trainSeconds),
        };
        opts.onStep?.(info);
        sink.onStep?.(info);
        const every = r.checkpointEverySteps;
        if (every > 0 && state.globalStep % every === 0 && state.step < stepsPerEpoch) await writeCheckpoint();
        await yieldToEventLoop();
      }

      const evaluation = await evaluate();
      const metrics: EpochMetrics = {
        epoch: e + 1,
        train_loss: state.epochLossSum / stepsPerEpoch,
        test_accuracy: evaluation.accuracy,
        lr: lrAt((e + 1) * stepsPerEpoch - 1),
        seconds: (performance.now() - epochStart) / 1000,
        steps: stepsPerEpoch,
      };
      state.history.push(metrics);
      const improved = metrics.test_accuracy > state.bestAccuracy;
      if (improved) {
        state.bestAccuracy = metrics.test_accuracy;
        state.bestEpoch = metrics.epoch;
      }
      state.epoch += 1;
      state.step = 0;
      state.epochLossSum = 0;
      if (paths !== undefined) {
        await writeFileAtomic(paths.metrics, metricsJsonl(state.history));
        if (improved) {
          await saveWeights(paths.best, params, {
            format: "llmnist.train.weights",
            epoch: String(metrics.epoch),
            test_accuracy: String(metrics.test_accuracy),
          });
        }
        await writeCheckpoint();
      }
      epochStart = performance.now();
      state.epochSeconds = 0;
      opts.onEpoch?.(metrics);
      sink.onEpoch?.(metrics, epochs);
    }

    const last = state.history[state.history.length - 1]!;
    return {
      epochs: state.history,
      bestAccuracy: state.bestAccuracy,
      bestEpoch: state.bestEpoch,
      finalAccuracy: last.test_accuracy,
      wallSeconds: elapsedNow(),
      threads: parallel === undefined ? 1 : 2,
      ...(resumedFrom ? { resumedFrom } : {}),
    };
  } finally {
    await parallel?.dispose();
    optimizer.dispose();
    sink.close?.();
  }

  /** One optimisation step; returns the batch loss (parameters untouched when it is not finite). */
  async function trainStep(indices: Uint32Array, lr: number): Promise<number> {
    const { images, labels } = makeBatch(train, indices);
    try {
      return await optimizationStep(images, labels, lr);
    } finally {
      images.dispose();
      labels.dispose();
    }
  }
}
