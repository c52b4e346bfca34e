import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCheckpoint } from "./checkpoint-files.js";
import "./engine/node-host.js";
import { TrainingAbortedError } from "./errors.js";
import { LinearModel, crossEntropy, syntheticSplit } from "./fixtures.test-helpers.js";
import { trainClassifier } from "./trainer.js";
import type { StepInfo } from "./engine/options.js";
import type { ClassifierTrainOptions as TrainOptions, ClassifierTrainResult as TrainResult, EpochMetrics } from "./types.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const train = syntheticSplit("train", 200, 11);
const test = syntheticSplit("test", 60, 12);

// 3 epochs of ceil(200 / 16) = 13 steps; checkpoints every 5 global steps.
function options(model: LinearModel, outDir: string, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model,
    loss: crossEntropy,
    train,
    test,
    epochs: 3,
    batchSize: 16,
    seed: 21,
    peakLr: 0.01,
    warmupEpochs: 1,
    outDir,
    checkpointEverySteps: 5,
    ...extra,
  };
}

const withoutTime = (h: EpochMetrics[]): Array<Omit<EpochMetrics, "seconds">> =>
  h.map(({ seconds: _s, ...rest }) => rest);

const tmp = (): string => mkdtempSync(join(tmpdir(), "llmnist-resume-"));

class Crash extends Error {}

describe("checkpoint and resume", () => {
  let reference: { result: TrainResult; params: Record<string, number[]>; losses: number[] };

  beforeAll(async () => {
    const model = new LinearModel(100);
    const losses: number[] = [];
    const result = await trainClassifier(options(model, tmp(), { onStep: (s) => losses.push(s.loss) }));
    reference = { result, params: model.snapshot(), losses };
    model.dispose();
  });

  it("a crash mid-epoch resumes from the last periodic checkpoint and ends exactly like an uninterrupted run", async () => {
    const outDir = tmp();
    const first = new LinearModel(100);
    // Crash after global step 22 (epoch 2, step 9): the last checkpoint is from step 20 (epoch 2, step 7).
    await expect(
      trainClassifier(
        options(first, outDir, {
          onStep: (s) => {
            if (s.globalStep === 22) throw new Crash("simulated crash");
          },
        }),
      ),
    ).rejects.toBeInstanceOf(Crash);
    first.dispose();
    const saved = await loadCheckpoint(join(outDir, "checkpoint.safetensors"));
    expect(saved.state).toMatchObject({ epoch: 1, step: 7, globalStep: 20, optimizerStep: 20 });
    expect(saved.state.history).toHaveLength(1);

    // A model with different initial weights: everything must come from the checkpoint.
    const second = new LinearModel(999);
    const steps: StepInfo[] = [];
    const result = await trainClassifier(options(second, outDir, { resume: true, onStep: (s) => steps.push(s) }));
    expect(result.resumedFrom).toEqual({ epoch: 1, step: 7 });
    // It continued at the right batch: epoch 2 step 8, with the same losses as the reference.
    expect(steps[0]).toMatchObject({ epoch: 2, step: 8, globalStep: 21 });
    expect(steps.map((s) => s.loss)).toEqual(reference.losses.slice(20));
    expect(second.snapshot()).toEqual(reference.params);
    expect(withoutTime(result.epochs)).toEqual(withoutTime(reference.result.epochs));
    expect([result.bestAccuracy, result.bestEpoch, result.finalAccuracy]).toEqual([
      reference.result.bestAccuracy,
      reference.result.bestEpoch,
      reference.result.finalAccuracy,
    ]);
    // metrics.jsonl has each epoch once, in order.
    const lines = readFileSync(join(outDir, "metrics.jsonl"), "utf8").trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l).epoch)).toEqual([1, 2, 3]);
    second.dispose();
  });

  it("an abort writes a checkpoint at the current step; resuming ends exactly like an uninterrupted run", async () => {
    const outDir = tmp();
    const first = new LinearModel(100);
    const ctrl = new AbortController();
    const err = await trainClassifier(
      options(first, outDir, {
        signal: ctrl.signal,
        onStep: (s) => {
          if (s.globalStep === 30) ctrl.abort();
        },
      }),
    ).catch((e: unknown) => e);
    first.dispose();
    expect(err).toBeInstanceOf(TrainingAbortedError);
    const e = err as TrainingAbortedError;
    expect([e.epochsDone, e.stepInEpoch]).toEqual([2, 4]);
    expect(e.message).toContain(join(outDir, "checkpoint.safetensors"));

    const second = new LinearModel(7);
    const result = await trainClassifier(options(second, outDir, { resume: true }));
    expect(result.resumedFrom).toEqual({ epoch: 2, step: 4 });
    expect(second.snapshot()).toEqual(reference.params);
    expect(withoutTime(result.epochs)).toEqual(withoutTime(reference.result.epochs));

    // Resuming a finished run trains nothing and returns the same history.
    const third = new LinearModel(8);
    const steps: StepInfo[] = [];
    const again = await trainClassifier(options(third, outDir, { resume: true, onStep: (s) => steps.push(s) }));
    expect(steps).toHaveLength(0);
    expect(again.resumedFrom).toEqual({ epoch: 3, step: 0 });
    expect(withoutTime(again.epochs)).toEqual(withoutTime(reference.result.epochs));
    expect(third.snapshot()).toEqual(reference.params);
    second.dispose();
    third.dispose();
  });

  it("refuses a checkpoint made with different options, naming them", async () => {
    const outDir = tmp();
    const model = new LinearModel(100);
    await expect(
      trainClassifier(
        options(model, outDir, {
          onStep: (s) => {
            if (s.globalStep === 6) throw new Crash("stop");
          },
        }),
      ),
    ).rejects.toBeInstanceOf(Crash);
    const resume = (extra: Partial<TrainOptions>) => trainClassifier(options(model, outDir, { resume: true, ...extra }));
    await expect(resume({ batchSize: 20 })).rejects.toThrow(
      /cannot resume from .*checkpoint\.safetensors: it was made with different options: batchSize 16 in the checkpoint, 20 now/,
    );
    await expect(resume({ seed: 22 })).rejects.toThrow(/seed 21 in the checkpoint, 22 now/);
    await expect(resume({ epochs: 4 })).rejects.toThrow(/epochs 3 in the checkpoint, 4 now/);
    await expect(resume({ train: syntheticSplit("train", 150, 11) })).rejects.toThrow(/examples 200 in the checkpoint, 150 now.*data trainLabelsHash/);
    const relabeled = { ...train, labels: train.labels.map((y) => (y + 1) % 10) };
    await expect(resume({ train: relabeled })).rejects.toThrow(/trainLabelsHash "[0-9a-f]{8}" in the checkpoint, "[0-9a-f]{8}" now/);
    await expect(resume({ peakLr: 0.02, weightDecay: 0 })).rejects.toThrow(/peakLr 0.01 in the checkpoint, 0.02 now; weightDecay 0.01/);
    model.dispose();
  });

  it("without resume, a fresh run replaces an earlier run's files", async () => {
    const outDir = tmp();
    const a = new LinearModel(100);
    await trainClassifier(options(a, outDir, { epochs: 1, warmupEpochs: 0 }));
    const b = new LinearModel(100);
    await expect(
      trainClassifier(
        options(b, outDir, {
          epochs: 2,
          onStep: (s) => {
            if (s.globalStep === 2) throw new Crash("stop");
          },
        }),
      ),
    ).rejects.toBeInstanceOf(Crash);
    // The earlier run's metrics and checkpoint are gone: nothing stale to resume from.
    expect(readFileSync(join(outDir, "metrics.jsonl"), "utf8")).toBe("");
    await expect(loadCheckpoint(join(outDir, "checkpoint.safetensors"))).rejects.toThrow(/not found/);
    a.dispose();
    b.dispose();
  });
});
