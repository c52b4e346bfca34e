import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { loadMnist } from "@llmnist/mnist-data";
import { confusionMatrixSvg } from "@llmnist/train";
import { writeFileAtomic } from "@llmnist/safetensors";
import type * as tf from "@tensorflow/tfjs-core";
import { evaluateMnistVL, QWEN25_VL_3B_BASELINE, type VLEvaluation } from "./evaluate.js";
import { createMnistVL, loadMnistVL, saveMnistVL, specMetadata } from "./mnistvl-checkpoint.js";
import type { MnistVL } from "./mnistvl-model.js";
import type { MnistVLPreset } from "./presets.js";
import { ActiveVocabulary } from "./text-head.js";
import type { ChatTokenizer } from "./tokenizer.js";
import { trainMnistVL } from "./trainer.js";
import { promptVocabulary } from "./vision-prompt.js";

export const MODEL_FILE = "model.safetensors";
export const TRAIN_CHECKPOINT_FILE = "checkpoint.safetensors";

/**
 * A from-scratch model ready to train: random weights, embedding rows outside the prompt's
 * vocabulary set to zero, and the parameter list (everything but the full embedding table,
 * whose live rows train as the active-vocabulary table).
 */
export function prepareScratchModel(preset: MnistVLPreset, tokenizer: ChatTokenizer): { vl: MnistVL; vocab: ActiveVocabulary; params: Array<[string, tf.Variable]> } {
  const vl = createMnistVL(preset.spec, tokenizer, preset.training.seed);
  const vocab = ActiveVocabulary.fromModel(vl.lm, promptVocabulary(vl.prompt));
  vocab.writeInto(vl.lm);
  const params: Array<[string, tf.Variable]> = [
    ...vl.namedWeights().filter(([name]) => name !== "model.embed_tokens.weight"),
    ["model.embed_tokens.active_rows", vocab.table],
  ];
  return { vl, vocab, params };
}

/** What running any MnistVL preset takes: where results go, what to record, how far to go. */
export interface PresetRunOptions {
  preset: MnistVLPreset;
  outDir: string;
  mnistDir?: string;
  /** Shown in summary.json: how to reproduce. */
  command: string;
  backend: string;
  log?: (line: string) => void;
  maxSteps?: number;
  evalLimit?: number;
}

export interface ScratchRunOptions extends PresetRunOptions {
  tokenizer: ChatTokenizer;
}

/** Train (resumably) a scratch preset into outDir, then evaluate on the MNIST test set and write the results. */
export async function runScratchPreset(o: ScratchRunOptions): Promise<VLEvaluation | null> {
  const log = o.log ?? (() => {});
  await mkdir(o.outDir, { recursive: true });
  const data = await loadMnist(o.mnistDir ? { dir: o.mnistDir } : {});
  const { vl, vocab, params } = prepareScratchModel(o.preset, o.tokenizer);
  const t = o.preset.training;
  const started = performance.now();
  const state = await trainMnistVL({
    vl,
    head: vocab,
    params,
    train: data.train,
    ...t,
    checkpointPath: join(o.outDir, TRAIN_CHECKPOINT_FILE),
    checkpointMetadata: specMetadata(o.preset.spec),
    log,
    maxSteps: o.maxSteps,
  });
  if (state.globalStep < state.totalSteps) {
    log(`stopped at step ${state.globalStep}/${state.totalSteps}; run again to resume`);
    return null;
  }
  vocab.writeInto(vl.lm);
  await saveMnistVL(join(o.outDir, MODEL_FILE), vl, o.preset.spec, vocab);
  vl.dispose();
  vocab.dispose();
  log(`trained ${state.totalSteps} steps in ${(state.seconds / 60).toFixed(1)} min of compute; evaluating`);
  return evaluateAndReport({ ...o, presetName: o.preset.name, modelPath: join(o.outDir, MODEL_FILE), trainSeconds: state.seconds, wallStart: started });
}

export interface ReportOptions {
  modelPath: string;
  tokenizer: ChatTokenizer;
  outDir: string;
  presetName: string;
  mnistDir?: string;
  command: string;
  backend: string;
  log?: (line: string) => void;
  evalLimit?: number;
  trainSeconds?: number;
  wallStart?: number;
}

/** Evaluate a saved model on the MNIST test set; write summary.json and confusion.svg into outDir. */
export async function evaluateAndReport(o: ReportOptions): Promise<VLEvaluation> {
  const started = o.wallStart ?? performance.now();
  const data = await loadMnist(o.mnistDir ? { dir: o.mnistDir } : {});
  const { vl } = await loadMnistVL(o.modelPath, o.tokenizer);
  const evaluation = evaluateMnistVL(vl, o.tokenizer, data.test, { limit: o.evalLimit, log: o.log });
  vl.dispose();
  await writeReport(evaluation, { ...o, wallSeconds: (performance.now() - started) / 1000 });
  return evaluation;
}

/** summary.json (accuracy in percent, unparsed, per-class, confusion, baseline, command, backend, wall time) and confusion.svg. */
export async function writeReport(
  evaluation: VLEvaluation,
  o: { outDir: string; presetName: string; command: string; backend: string; modelPath: string; wallSeconds: number; trainSeconds?: number; log?: (line: string) => void; extra?: Record<string, unknown> },
): Promise<void> {
  const summary = {
    preset: o.presetName,
    accuracy: Number(evaluation.accuracy.toFixed(2)),
    unparsed: evaluation.unparsed,
    test_images: evaluation.total,
    correct: evaluation.correct,
    per_class_accuracy: evaluation.perClassAccuracy.map((a) => Number(a.toFixed(2))),
    confusion: evaluation.confusion,
    unparsed_per_class: evaluation.unparsedPerClass,
    baseline: { ...QWEN25_VL_3B_BASELINE, our_row0: evaluation.confusion[0] },
    command: o.command,
    backend: o.backend,
    wall_seconds: Math.round(o.wallSeconds),
    train_compute_seconds: o.trainSeconds === undefined ? null : Math.round(o.trainSeconds),
    eval_seconds: Math.round(evaluation.seconds),
    model_file: o.modelPath,
    ...o.extra,
  };
  await mkdir(o.outDir, { recursive: true });
  await writeFileAtomic(join(o.outDir, "summary.json"), new TextEncoder().encode(`${JSON.stringify(summary, null, 2)}\n`));
  const title = `MnistVL ${o.presetName}: ${evaluation.accuracy.toFixed(2)}% on ${evaluation.total} MNIST test images`;
  await writeFileAtomic(join(o.outDir, "confusion.svg"), new TextEncoder().encode(confusionMatrixSvg(evaluation.confusion, { title })));
  o.log?.(`accuracy ${evaluation.accuracy.toFixed(2)}% (${evaluation.correct}/${evaluation.total}), unparsed ${evaluation.unparsed}`);
}
