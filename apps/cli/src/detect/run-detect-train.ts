import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CanvasSetOptions } from "@llmnist/detect";
import { loadMnist } from "@llmnist/mnist-data/node";
import { toFloat32 } from "@llmnist/safetensors";
import { readSafetensorsFile, writeFileAtomic } from "@llmnist/safetensors/node";
import { BEST_FILE, train, type ProgressSink } from "@llmnist/train";
import { fnv1aHex, formatEpochLine, resolveModuleUrl, restoreParams } from "@llmnist/train/internal";
import { canvasDetectorParts, evaluateOnCanvases, type CanvasTaskSpec, type VitDetectorConfig } from "@llmnist/vit-detector";
import { loadVitDetector, saveVitDetector } from "@llmnist/vit-detector/node";

export interface DetectTrainOptions {
  outDir: string;
  config: Partial<VitDetectorConfig>;
  /** Start from this detector's weights (its config replaces `config`) instead of a random init. */
  init?: string;
  /** Centre sampling radius in cells (assignTargets); 0: the centre cell only. */
  centerRadius: number;
  trainSet: CanvasSetOptions;
  testSet: CanvasSetOptions;
  epochs: number;
  batchSize: number;
  peakLr: number;
  warmupSteps: number;
  seed: number;
  maxSteps?: number;
  threads?: number;
  progress?: ProgressSink;
  signal?: AbortSignal;
  log: (line: string) => void;
  command: string;
  backend: string;
}

export interface DetectTrainSummary {
  params: number;
  epochs: number;
  train_canvases: number;
  test_canvases: number;
  best_epoch: number;
  /** COCO AP@[.5:.95], AP@.5 and AP@.75 (percent) of the best epoch on the test canvases. */
  map: number;
  map_50: number;
  map_75: number;
  wall_seconds: number;
  threads: number;
  backend: string;
  command: string;
}

/**
 * Trains the ViT detector on seeded synthetic canvases of MNIST training digits through the
 * engine (resumable), evaluating COCO mAP on canvases of test digits after every epoch; the
 * best epoch (by AP@[.5:.95]) is saved as model.safetensors. Null when stopped by maxSteps.
 */
export async function runDetectTrain(o: DetectTrainOptions): Promise<DetectTrainSummary | null> {
  await mkdir(o.outDir, { recursive: true });
  const data = await loadMnist();
  const start = o.init === undefined ? undefined : await loadVitDetector(o.init);
  const spec: CanvasTaskSpec = {
    config: start?.detectorConfig ?? o.config,
    seed: o.seed,
    train: data.train,
    trainSet: o.trainSet,
    test: data.test,
    testSet: o.testSet,
    ...(o.centerRadius > 0 ? { targets: { centerRadius: o.centerRadius } } : {}),
  };
  const { model, testCanvases, inferWidth, ...parts } = canvasDetectorParts(spec, start);
  // Only what differs from the first runs' defaults enters the fingerprint, so their checkpoints still resume.
  const variant = {
    ...(o.centerRadius > 0 ? { centerRadius: String(o.centerRadius) } : {}),
    ...(o.init === undefined ? {} : { init: fnv1aHex(new Uint8Array(await readFile(o.init))) }),
  };
  try {
    const result = await train({
      ...parts,
      examples: o.trainSet.count,
      evaluate: (infer) => evaluateOnCanvases(infer, inferWidth, testCanvases),
      best: { metric: "map", mode: "max" },
      inferWidth,
      inferBatchSize: 16,
      epochs: o.epochs,
      batchSize: o.batchSize,
      seed: o.seed,
      peakLr: o.peakLr,
      warmupSteps: o.warmupSteps,
      weightDecay: 0.01,
      dropLast: true,
      dataFingerprint: { trainLabelsHash: fnv1aHex(data.train.labels), trainSet: JSON.stringify(o.trainSet), testSet: JSON.stringify(o.testSet), ...variant },
      outDir: o.outDir,
      resume: true,
      metadata: { config: JSON.stringify(model.detectorConfig) },
      replica: { module: resolveModuleUrl("@llmnist/vit-detector", import.meta.url), exportName: "canvasDetectorReplica", args: [spec] },
      ...(o.threads === undefined ? {} : { threads: o.threads }),
      ...(o.maxSteps === undefined ? {} : { maxSteps: o.maxSteps }),
      ...(o.signal ? { signal: o.signal } : {}),
      progress: o.progress ?? { onMessage: o.log, onEpoch: (e, epochs) => o.log(formatEpochLine(e, epochs)) },
    });
    if (!result.completed) return null;
    const best = result.best!;
    const record = result.history.find((e) => e.epoch === best.epoch) as unknown as { map: number; map_50: number; map_75: number };
    const file = await readSafetensorsFile(join(o.outDir, BEST_FILE));
    restoreParams(parts.parameters, new Map([...file.tensors].map(([name, raw]) => [name, { shape: raw.shape, data: toFloat32(raw) }])), join(o.outDir, BEST_FILE));
    await saveVitDetector(model, join(o.outDir, "model.safetensors"), { epoch: String(best.epoch), map: String(record.map) });
    const summary: DetectTrainSummary = {
      params: model.countParams(),
      epochs: o.epochs,
      train_canvases: o.trainSet.count,
      test_canvases: o.testSet.count,
      best_epoch: best.epoch,
      map: record.map,
      map_50: record.map_50,
      map_75: record.map_75,
      wall_seconds: result.wallSeconds,
      threads: result.threads,
      backend: o.backend,
      command: o.command,
    };
    await writeFileAtomic(join(o.outDir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
    return summary;
  } finally {
    model.disposeWeights();
  }
}
