import { confusionMatrixSvg, trainingCurveSvg, type ClassifierTrainResult } from "@llmnist/train";
import type { MnistSplit } from "@llmnist/mnist-data";
import { writeFileAtomic } from "@llmnist/safetensors/node";
import type { VisionTransformer } from "@llmnist/vit";
import { saveViT } from "@llmnist/vit/node";
import { evaluateWithProgress } from "../eval/evaluate-with-progress.js";
import { loadModelFile } from "../model/load-model.js";
import { meterExpertLoad } from "./expert-load.js";
import { moeSummaryFields } from "./moe-summary.js";
import type { OutFiles } from "./out-files.js";
import type { RunConfig } from "./run-config.js";
import type { TrainSummary } from "./summary.js";
import type { TeacherLogits } from "./teacher.js";

export interface FinishedRun {
  config: RunConfig;
  model: VisionTransformer;
  result: ClassifierTrainResult;
  test: MnistSplit;
  trainImages: number;
  backend: string;
  command: string;
  /** The teacher of a distillation run. */
  teacher?: TeacherLogits;
  /** Training images per second of the last session (TrainThroughput); recorded for mixture-of-experts runs. */
  trainImagesPerSecond?: number | null;
}

/**
 * Writes the run's deliverables: model.safetensors (final weights) and best.safetensors (the
 * trainer's best weights, re-saved with their config so eval/predict need no --preset), the
 * training curve, the best model's confusion matrix, and summary.json last, so its presence
 * means the rest is there.
 */
export async function writeOutputs(run: FinishedRun, files: OutFiles, log: (line: string) => void): Promise<TrainSummary> {
  const { config, model, result, test } = run;
  const tag = { preset: config.preset, loss: config.loss, seed: String(config.seed) };
  await saveViT(model, files.model, { ...tag, epoch: String(result.epochs.length), test_accuracy: String(result.finalAccuracy) });

  // The trainer's best.safetensors holds no config: the run's preset says what it is.
  const best = await loadModelFile(files.best, { preset: config.preset });
  let expertLoad: number[][] | undefined;
  try {
    await saveViT(best.model, files.best, { ...tag, epoch: String(result.bestEpoch), test_accuracy: String(result.bestAccuracy) });
    const experts = best.config.mlp?.type === "moe" ? meterExpertLoad(best.model) : undefined;
    log(`evaluating the best model (epoch ${result.bestEpoch}) for the confusion matrix${experts ? " and the experts' load" : ""}`);
    const evaluation = await evaluateWithProgress(experts?.model ?? best.model, test);
    expertLoad = experts?.load();
    const title = `ViT ${config.preset}, ${config.loss} loss, epoch ${result.bestEpoch} (best)`;
    await writeFileAtomic(files.confusion, confusionMatrixSvg(evaluation.confusion, { title }));
  } finally {
    best.model.disposeWeights();
  }
  const kd = config.kd && run.teacher ? `, distilled from ${run.teacher.preset}` : "";
  const augmented = config.augment ? ", augmented" : "";
  const curveTitle = `ViT ${config.preset}, ${config.loss} loss${kd}${augmented}, seed ${config.seed}`;
  await writeFileAtomic(files.curve, trainingCurveSvg(result.epochs, { title: curveTitle }));

  const moe = moeSummaryFields(model, expertLoad, result.epochs, run.trainImagesPerSecond ?? null);
  const summary: TrainSummary = {
    preset: config.preset,
    loss: config.loss,
    ...(config.loss_options === undefined ? {} : { loss_options: config.loss_options }),
    seed: config.seed,
    epochs: config.epochs,
    batch: config.batch,
    train_images: run.trainImages,
    test_images: test.count,
    best_accuracy: result.bestAccuracy,
    best_epoch: result.bestEpoch,
    final_accuracy: result.finalAccuracy,
    params: model.countParams(),
    ...moe?.params,
    backend: run.backend,
    threads: result.threads,
    wall_seconds: result.wallSeconds,
    command: run.command,
    ...(config.augment ? { augment: config.augment } : {}),
    ...(config.kd && run.teacher
      ? {
          kd: {
            teacher: config.kd.teacher,
            teacher_preset: run.teacher.preset,
            teacher_params: run.teacher.params,
            teacher_test_accuracy: run.teacher.testAccuracy,
            temperature: config.kd.temperature,
            weight: config.kd.weight,
          },
        }
      : {}),
    ...moe?.routing,
  };
  await writeFileAtomic(files.summary, JSON.stringify(summary, null, 2) + "\n");
  return summary;
}
