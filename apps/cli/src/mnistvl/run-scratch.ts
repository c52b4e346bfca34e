import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { takeSubset } from "@llmnist/mnist-data";
import { loadMnist } from "@llmnist/mnist-data/node";
import { answerAccuracy, mnistvlTaskParts, prepareScratchModel, recipeTrainOptions, specMetadata, type ChatTokenizer, type MnistVLPreset, type VLEvaluation } from "@llmnist/mnistvl";
import { saveMnistVL } from "@llmnist/mnistvl/node";
import { toFloat32 } from "@llmnist/safetensors";
import { readSafetensorsFile, writeFileAtomic } from "@llmnist/safetensors/node";
import { BEST_FILE, train, trainingCurveSvg, type EpochMetrics, type ProgressSink } from "@llmnist/train";
import { fnv1aHex, formatEpochLine, resolveModuleUrl, restoreParams } from "@llmnist/train/internal";
import type * as tf from "@tensorflow/tfjs-core";
import { evaluateAndReport } from "./report.js";

/** The model file a run leaves in its folder. */
export const MODEL_FILE = "model.safetensors";

/** What running any MnistVL preset takes: where results go, what to record, how far to go. */
export interface PresetRunOptions {
  preset: MnistVLPreset;
  outDir: string;
  mnistDir?: string;
  /** Shown in summary.json: how to reproduce. */
  command: string;
  backend: string;
  log?: (line: string) => void;
  /** Stop after this many optimiser steps in this call (resume later). */
  maxSteps?: number;
  evalLimit?: number;
  /** 1, or 2 for data-parallel training on wasm/cpu; default as the engine's. */
  threads?: number;
  /** Engine progress (step, loss, ETA); default none. */
  progress?: ProgressSink;
  /** Stops training between steps after a checkpoint (TrainingAbortedError); rerun to resume. */
  signal?: AbortSignal;
}

export interface ScratchRunOptions extends PresetRunOptions {
  tokenizer: ChatTokenizer;
}

/**
 * Train (resumably, through the engine) a scratch preset into outDir, evaluating on the test
 * set after every epoch; then the best epoch's model is saved as model.safetensors and
 * evaluated in full (summary.json, confusion.svg, curve.svg).
 */
export async function runScratchPreset(o: ScratchRunOptions): Promise<VLEvaluation | null> {
  const log = o.log ?? (() => {});
  await mkdir(o.outDir, { recursive: true });
  const data = await loadMnist(o.mnistDir ? { dir: o.mnistDir } : {});
  const test = o.evalLimit === undefined ? data.test : takeSubset(data.test, Math.min(o.evalLimit, data.test.count));
  const { vl, vocab, params } = prepareScratchModel(o.preset, o.tokenizer);
  const t = o.preset.training;
  const started = performance.now();
  const parts = mnistvlTaskParts({ vl, head: vocab, params, train: data.train, test, tokenizer: o.tokenizer, seed: t.seed, augment: t.augment });
  const result = await train({
    ...parts,
    examples: data.train.count,
    evaluate: async (infer) => answerAccuracy(await infer(new Uint32Array(test.count).map((_, k) => k)), test),
    best: { metric: "test_accuracy", mode: "max" },
    ...recipeTrainOptions(t),
    dataFingerprint: { trainLabelsHash: fnv1aHex(data.train.labels), testCount: test.count },
    outDir: o.outDir,
    resume: true,
    metadata: specMetadata(o.preset.spec),
    inferBatchSize: 200,
    replica: {
      module: resolveModuleUrl("@llmnist/mnistvl/node", import.meta.url),
      exportName: "mnistvlScratchReplica",
      args: [o.preset, data.train, test],
    },
    ...(o.threads === undefined ? {} : { threads: o.threads }),
    ...(o.maxSteps === undefined ? {} : { maxSteps: o.maxSteps }),
    ...(o.signal ? { signal: o.signal } : {}),
    progress: o.progress ?? { onMessage: log, onEpoch: (e, epochs) => log(formatEpochLine(e, epochs)) },
  });
  if (!result.completed) {
    log(`stopped after ${o.maxSteps} steps; run again to resume`);
    return null;
  }
  await restoreBest(join(o.outDir, BEST_FILE), params);
  vocab.writeInto(vl.lm);
  await saveMnistVL(join(o.outDir, MODEL_FILE), vl, o.preset.spec, vocab);
  vl.dispose();
  vocab.dispose();
  const best = result.best!;
  const curve = trainingCurveSvg(result.history as EpochMetrics[], { title: `MnistVL ${o.preset.name}: test accuracy per epoch` });
  await writeFileAtomic(join(o.outDir, "curve.svg"), new TextEncoder().encode(curve));
  log(`trained ${result.history.length} epochs in ${(result.wallSeconds / 60).toFixed(1)} min; best epoch ${best.epoch} (${best.value.toFixed(2)}%); evaluating it`);
  return evaluateAndReport({
    ...o,
    presetName: o.preset.name,
    modelPath: join(o.outDir, MODEL_FILE),
    trainSeconds: result.wallSeconds,
    wallStart: started,
    extra: { best_epoch: best.epoch, threads: result.threads },
  });
}

/** Copies best.safetensors (the engine's best epoch) into the parameters. */
async function restoreBest(path: string, params: Array<[string, tf.Variable]>): Promise<void> {
  const file = await readSafetensorsFile(path);
  const tensors = new Map([...file.tensors].map(([name, raw]) => [name, { shape: raw.shape, data: toFloat32(raw) }]));
  restoreParams(params, tensors, path);
}

