import { mkdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { loadMnist } from "@llmnist/mnist-data/node";
import { evaluateMnistVL, QWEN25_VL_3B_BASELINE, type ChatTokenizer, type VLEvaluation } from "@llmnist/mnistvl";
import { loadMnistVL } from "@llmnist/mnistvl/node";
import { writeFileAtomic } from "@llmnist/safetensors/node";
import { confusionMatrixSvg } from "@llmnist/train";

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
  /** More fields for summary.json. */
  extra?: Record<string, unknown>;
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
    model_file: relative(process.cwd(), o.modelPath),
    ...o.extra,
  };
  await mkdir(o.outDir, { recursive: true });
  await writeFileAtomic(join(o.outDir, "summary.json"), new TextEncoder().encode(`${JSON.stringify(summary, null, 2)}\n`));
  const title = `MnistVL ${o.presetName}: ${evaluation.accuracy.toFixed(2)}% on ${evaluation.total} MNIST test images`;
  await writeFileAtomic(join(o.outDir, "confusion.svg"), new TextEncoder().encode(confusionMatrixSvg(evaluation.confusion, { title })));
  o.log?.(`accuracy ${evaluation.accuracy.toFixed(2)}% (${evaluation.correct}/${evaluation.total}), unparsed ${evaluation.unparsed}`);
}
