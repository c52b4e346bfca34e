import { checkAugmentOptions } from "@llmnist/mnist-data";
import { checkSplit } from "./split-check.js";
import { classifierParts, type ClassifierTaskOptions } from "./classifier-task.js";
import { fnv1aHex } from "./checkpoint.js";
import { engineHost } from "./engine/host.js";
import { evaluateWithInfer } from "./evaluate.js";
import type { EpochRecord } from "./engine/options.js";
import { train } from "./engine/train.js";
import type { ClassifierTrainOptions, ClassifierTrainResult, EpochMetrics } from "./types.js";

/**
 * Trains a classifier with the paper's protocol through the engine (`train`): AdamW,
 * per-iteration warm-up + cosine lr, a seeded shuffle per epoch, test accuracy after every
 * epoch, best.safetensors by test accuracy. With outDir, resumable (see `train`). With
 * `augment`, every training image is augmented (seeded per step and batch position, see
 * classifierParts) and the options join the checkpoint's fingerprint, so a resume with other
 * ones is refused; without it everything is as before, bit for bit.
 */
export async function trainClassifier(opts: ClassifierTrainOptions): Promise<ClassifierTrainResult> {
  const classes = opts.classes ?? 10;
  if (!Number.isInteger(classes) || classes < 2) throw new Error(`trainClassifier: classes must be an integer >= 2, got ${classes}`);
  const evalBatchSize = opts.evalBatchSize ?? 500;
  if (!Number.isInteger(evalBatchSize) || evalBatchSize < 1) {
    throw new Error(`trainClassifier: evalBatchSize must be a positive integer, got ${evalBatchSize}`);
  }
  checkSplit(opts.train, "trainClassifier: train", classes);
  checkSplit(opts.test, "trainClassifier: test", classes);
  const { train: trainSplit, test } = opts;
  // Canonical field order: the fingerprint's string is the same for equal options.
  const augment = opts.augment === undefined ? undefined : checkAugmentOptions(opts.augment, "trainClassifier: augment");
  const task: ClassifierTaskOptions = augment === undefined ? {} : { augment, seed: opts.seed };
  const parts = classifierParts(opts.model, opts.loss, trainSplit, test, classes, task);
  // Replica threads exist only where the host has them (Node); elsewhere one thread trains.
  const host = engineHost();
  const replica =
    opts.replica === undefined || host === undefined
      ? undefined
      : {
          module: host.resolveModuleUrl("@llmnist/train/internal", import.meta.url),
          exportName: "classifierReplica",
          args: [opts.replica, trainSplit, test, classes, task],
        };
  const result = await train({
    ...parts,
    examples: trainSplit.count,
    evaluate: async (infer) => ({ test_accuracy: (await evaluateWithInfer(infer, test, { batchSize: evalBatchSize, classes })).accuracy }),
    best: { metric: "test_accuracy", mode: "max" },
    epochs: opts.epochs,
    batchSize: opts.batchSize,
    seed: opts.seed,
    ...(opts.peakLr === undefined ? {} : { peakLr: opts.peakLr }),
    ...(opts.warmupEpochs === undefined ? {} : { warmupEpochs: opts.warmupEpochs }),
    ...(opts.weightDecay === undefined ? {} : { weightDecay: opts.weightDecay }),
    dataFingerprint: {
      trainLabelsHash: fnv1aHex(trainSplit.labels),
      testCount: test.count,
      // Only when set: checkpoints of runs without augmentation stay as they were.
      ...(augment === undefined ? {} : { augment: JSON.stringify(augment) }),
    },
    ...(opts.outDir === undefined ? {} : { outDir: opts.outDir }),
    ...(opts.resume === undefined ? {} : { resume: opts.resume }),
    ...(opts.checkpointEverySteps === undefined ? {} : { checkpointEverySteps: opts.checkpointEverySteps }),
    ...(opts.onStep ? { onStep: opts.onStep } : {}),
    ...(opts.onEpoch ? { onEpoch: (e: EpochRecord) => opts.onEpoch!(e as EpochMetrics) } : {}),
    ...(opts.progress === undefined ? {} : { progress: opts.progress }),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(replica ? { replica } : {}),
    ...(opts.threads === undefined ? {} : { threads: opts.threads }),
    inferBatchSize: evalBatchSize,
  });
  const epochs = result.history as EpochMetrics[];
  const last = epochs[epochs.length - 1]!;
  return {
    epochs,
    bestAccuracy: result.best!.value,
    bestEpoch: result.best!.epoch,
    finalAccuracy: last.test_accuracy,
    wallSeconds: result.wallSeconds,
    threads: result.threads,
    ...(result.resumedFrom ? { resumedFrom: result.resumedFrom } : {}),
  };
}
