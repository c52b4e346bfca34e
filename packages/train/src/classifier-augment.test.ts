import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { augmentImage, DEFAULT_AUGMENT, type AugmentOptions } from "@llmnist/mnist-data";
import { createRng, deriveSeed } from "@llmnist/random";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCheckpoint } from "./checkpoint-files.js";
import { AUGMENT_STREAM, classifierParts } from "./classifier-task.js";
import "./engine/node-host.js";
import type { TrainBatch } from "./engine/task.js";
import { train as trainEngine } from "./engine/train.js";
import { LinearModel, crossEntropy, syntheticSplit } from "./fixtures.test-helpers.js";
import { trainClassifier } from "./trainer.js";
import type { ClassifierTrainOptions, TrainableModel } from "./types.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const train = syntheticSplit("train", 64, 1);
const test = syntheticSplit("test", 20, 2);
const tmp = (): string => mkdtempSync(join(tmpdir(), "llmnist-augment-"));
const milder: AugmentOptions = { ...DEFAULT_AUGMENT, stroke: null, blur: { maxSigma: 1 } };

// 2 epochs of 4 steps of 16.
const options = (model: LinearModel, extra: Partial<ClassifierTrainOptions> = {}): ClassifierTrainOptions => ({
  model,
  loss: crossEntropy,
  train,
  test,
  epochs: 2,
  batchSize: 16,
  seed: 5,
  peakLr: 0.02,
  warmupEpochs: 1,
  augment: DEFAULT_AUGMENT,
  ...extra,
});

/** A LinearModel that keeps a copy of every batch of images it sees, by training or not. */
function recording(base: LinearModel): TrainableModel & { seen: Array<{ training: boolean; pixels: Float32Array }> } {
  const seen: Array<{ training: boolean; pixels: Float32Array }> = [];
  return {
    seen,
    forward: (images, training) => {
      seen.push({ training, pixels: images.dataSync() as Float32Array });
      return base.forward(images);
    },
    namedParameters: () => base.namedParameters(),
  };
}

const expectedImage = (index: number, seed: number, globalStep: number, position: number, o: AugmentOptions): number[] => {
  const dst = new Float32Array(784);
  augmentImage(train.images.subarray(index * 784, (index + 1) * 784), dst, createRng(deriveSeed(seed, AUGMENT_STREAM, globalStep, position)), o);
  return Array.from(dst);
};

describe("classifierParts with augment", () => {
  it("augments image b of a batch with deriveSeed(seed, AUGMENT_STREAM, globalStep, offset + b), and never a test image", () => {
    const base = new LinearModel(1);
    const model = recording(base);
    const parts = classifierParts(model, crossEntropy, train, test, 10, { augment: DEFAULT_AUGMENT, seed: 9 });
    const batch: TrainBatch = { indices: Uint32Array.from([3, 7, 11]), epoch: 0, step: 2, globalStep: 6, offset: 5, batchSize: 8 };
    tf.tidy(() => parts.loss(batch));
    const pixels = model.seen[0]!.pixels;
    [3, 7, 11].forEach((index, b) => expect(Array.from(pixels.subarray(b * 784, (b + 1) * 784))).toEqual(expectedImage(index, 9, 6, 5 + b, DEFAULT_AUGMENT)));
    // Really changed, not a copy.
    expect(Array.from(pixels.subarray(0, 784))).not.toEqual(Array.from(train.images.subarray(3 * 784, 4 * 784)));

    parts.infer!(Uint32Array.from([0, 1]));
    expect(model.seen[1]!.training).toBe(false);
    expect(Array.from(model.seen[1]!.pixels)).toEqual(Array.from(test.images.subarray(0, 2 * 784)));
    base.dispose();
  });

  it("refuses augment without a seed, and bad options naming the field", () => {
    const base = new LinearModel(1);
    expect(() => classifierParts(base, crossEntropy, train, test, 10, { augment: DEFAULT_AUGMENT })).toThrow("classifierParts: augment needs seed, a safe integer, got undefined");
    const bad = { ...DEFAULT_AUGMENT, blur: { maxSigma: 9 } };
    expect(() => classifierParts(base, crossEntropy, train, test, 10, { augment: bad, seed: 1 })).toThrow("classifierParts: augment: blur.maxSigma must be a number in [0, 3], got 9");
    base.dispose();
  });
});

describe("trainClassifier with augment", () => {
  it("two runs with the same seed end with identical weights; other options or another seed do not", async () => {
    const run = async (extra: Partial<ClassifierTrainOptions>): Promise<Record<string, number[]>> => {
      const model = new LinearModel(3);
      await trainClassifier(options(model, extra));
      const params = model.snapshot();
      model.dispose();
      return params;
    };
    const a = await run({});
    expect(await run({})).toEqual(a);
    expect(await run({ augment: undefined })).not.toEqual(a);
    expect(await run({ augment: milder })).not.toEqual(a);
    expect(await run({ seed: 6 })).not.toEqual(a);
  });

  it("a crash mid-epoch and a resume end exactly like an unbroken run; other augment options are refused", async () => {
    const straight = new LinearModel(3);
    const straightLosses: number[] = [];
    await trainClassifier(options(straight, { onStep: (s) => straightLosses.push(s.loss) }));

    const outDir = tmp();
    const first = new LinearModel(3);
    const crash = new Error("simulated crash");
    await expect(trainClassifier(options(first, { outDir, checkpointEverySteps: 2, onStep: (s) => { if (s.globalStep === 3) throw crash; } }))).rejects.toBe(crash);
    first.dispose();
    const saved = await loadCheckpoint(join(outDir, "checkpoint.safetensors"));
    expect(saved.state).toMatchObject({ epoch: 0, step: 2, globalStep: 2 });
    expect(JSON.parse(String(saved.state.fingerprint.data.augment))).toEqual(DEFAULT_AUGMENT);

    const resumeWith = (augment: AugmentOptions | undefined) => {
      const other = new LinearModel(99);
      return trainClassifier(options(other, { outDir, resume: true, augment })).finally(() => other.dispose());
    };
    await expect(resumeWith(milder)).rejects.toThrow(/different options: data augment "\{.*\}" in the checkpoint, "\{.*\}" now/);
    await expect(resumeWith(undefined)).rejects.toThrow(/data augment "\{.*\}" in the checkpoint, undefined now/);

    const second = new LinearModel(99); // other initial weights: everything comes from the checkpoint
    const losses: number[] = [];
    const result = await trainClassifier(options(second, { outDir, resume: true, onStep: (s) => losses.push(s.loss) }));
    expect(result.resumedFrom).toEqual({ epoch: 0, step: 2 });
    expect(losses).toEqual(straightLosses.slice(2));
    expect(second.snapshot()).toEqual(straight.snapshot());
    second.dispose();
    straight.dispose();
  });

  it("a checkpoint without augment keeps its fingerprint (no augment key) and refuses a resume with augment", async () => {
    const outDir = tmp();
    const model = new LinearModel(3);
    await trainClassifier(options(model, { outDir, epochs: 1, augment: undefined }));
    const saved = await loadCheckpoint(join(outDir, "checkpoint.safetensors"));
    expect(Object.keys(saved.state.fingerprint.data)).toEqual(["trainLabelsHash", "testCount"]);
    await expect(trainClassifier(options(model, { outDir, epochs: 1, resume: true }))).rejects.toThrow(/data augment undefined in the checkpoint, "\{.*\}" now/);
    model.dispose();
  });
});

describe("the classifier task with augment under the engine's maxSteps", () => {
  it("stopping after maxSteps and resuming gives the unbroken run's weights", async () => {
    const engineOptions = (model: LinearModel, extra: Record<string, unknown> = {}) => ({
      ...classifierParts(model, crossEntropy, train, test, 10, { augment: DEFAULT_AUGMENT, seed: 5 }),
      examples: train.count,
      epochs: 2,
      batchSize: 16,
      seed: 5,
      peakLr: 0.02,
      warmupEpochs: 1,
      ...extra,
    });
    const straight = new LinearModel(4);
    await trainEngine(engineOptions(straight));
    const outDir = tmp();
    const first = new LinearModel(4);
    expect((await trainEngine(engineOptions(first, { outDir, maxSteps: 3 }))).completed).toBe(false);
    first.dispose();
    const second = new LinearModel(50);
    const resumed = await trainEngine(engineOptions(second, { outDir, resume: true }));
    expect(resumed.resumedFrom).toEqual({ epoch: 0, step: 3 });
    expect(second.snapshot()).toEqual(straight.snapshot());
    second.dispose();
    straight.dispose();
  });
});
