import { join } from "node:path";
import { loadMnist } from "@llmnist/mnist-data/node";
import {
  applyLora,
  buildVisionPrompt,
  evaluateMnistVL,
  fullVocabularyHead,
  MnistVL,
  mnistvlTaskParts,
  PixelProjector,
  recipeTrainOptions,
  setLoraTraining,
  specMetadata,
  type VLEvaluation,
} from "@llmnist/mnistvl";
import { loadQwen2Folder, loadQwenTokenizer } from "@llmnist/mnistvl/node";
import { type WritableTensor } from "@llmnist/safetensors";
import { writeSafetensorsFile } from "@llmnist/safetensors/node";
import { train } from "@llmnist/train";
import { fnv1aHex } from "@llmnist/train/internal";
import type * as tf from "@tensorflow/tfjs-core";
import { writeReport } from "./report.js";
import type { PresetRunOptions } from "./run-scratch.js";

export const ADAPTERS_FILE = "adapters.safetensors";

export interface QloraRunOptions extends PresetRunOptions {
  /** A local Hugging Face folder (config.json, model.safetensors[.index.json], tokenizer files); see resolveModelFolder for hub ids. */
  modelDir: string;
}

/**
 * QLoRA on a pretrained Qwen2 (e.g. Qwen2.5-1.5B-Instruct): the LM is frozen, its decoder
 * linears stored as NF4, LoRA adapters and the projector trained with the answer-token loss
 * over the full vocabulary; then greedy evaluation on the MNIST test set.
 */
export async function runQloraPreset(o: QloraRunOptions): Promise<VLEvaluation | null> {
  const log = o.log ?? (() => {});
  const lora = o.preset.lora;
  if (o.preset.mode !== "qlora" || !lora) throw new Error(`runQloraPreset: preset ${o.preset.name} is not a QLoRA preset`);
  const started = performance.now();
  const tokenizer = await loadQwenTokenizer(o.modelDir);
  const lm = await loadQwen2Folder(o.modelDir, { seed: o.preset.training.seed });
  const report = applyLora(lm, { ...lora, seed: o.preset.training.seed });
  log(`LoRA r=${lora.rank} alpha=${lora.alpha} on ${report.adapters.length} linears; frozen kernels ${(report.frozenFp32Bytes / 2 ** 20).toFixed(1)} MiB as fp32, ${(report.frozenStoredBytes / 2 ** 20).toFixed(1)} MiB as ${lora.quantize ? "NF4" : "fp32"}`);
  const projector = new PixelProjector(o.preset.spec.projector, lm.qwenConfig.hiddenSize, { seed: o.preset.training.seed + 7 });
  projector.build();
  const vl = new MnistVL(lm, projector, buildVisionPrompt(tokenizer, projector.imageTokens, o.preset.spec.question));
  const params: Array<[string, tf.Variable]> = [...projector.weights.map((w): [string, tf.Variable] => [w.originalName, w.read() as tf.Variable]), ...report.params];
  const data = await loadMnist(o.mnistDir ? { dir: o.mnistDir } : {});
  setLoraTraining(report.adapters, true);
  const t = o.preset.training;
  // One thread: a 1.5B model is for a native (GPU) backend, which has its own threads.
  const result = await train({
    ...mnistvlTaskParts({ vl, head: fullVocabularyHead(lm), params, train: data.train, test: data.test, tokenizer, seed: t.seed, augment: t.augment, lora: report.adapters }),
    examples: data.train.count,
    ...recipeTrainOptions(t),
    dataFingerprint: { trainLabelsHash: fnv1aHex(data.train.labels) },
    outDir: o.outDir,
    resume: true,
    metadata: specMetadata({ ...o.preset.spec, lm: lm.qwenConfig }),
    threads: 1,
    ...(o.maxSteps === undefined ? {} : { maxSteps: o.maxSteps }),
    ...(o.signal ? { signal: o.signal } : {}),
    progress: o.progress ?? { onMessage: log },
  });
  setLoraTraining(report.adapters, false);
  if (!result.completed) {
    log(`stopped after ${o.maxSteps} steps; run again to resume`);
    return null;
  }
  const tensors: Record<string, WritableTensor> = {};
  for (const [name, v] of params) tensors[name] = { dtype: "F32", shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) };
  await writeSafetensorsFile(join(o.outDir, ADAPTERS_FILE), tensors, { ...specMetadata({ ...o.preset.spec, lm: lm.qwenConfig }), base: o.modelDir });
  const evaluation = evaluateMnistVL(vl, tokenizer, data.test, { limit: o.evalLimit, log });
  await writeReport(evaluation, {
    outDir: o.outDir,
    presetName: o.preset.name,
    command: o.command,
    backend: o.backend,
    modelPath: join(o.outDir, ADAPTERS_FILE),
    wallSeconds: (performance.now() - started) / 1000,
    trainSeconds: result.wallSeconds,
    log,
    extra: { lora, frozen_fp32_bytes: report.frozenFp32Bytes, frozen_nf4_bytes: report.frozenStoredBytes },
  });
  return evaluation;
}
