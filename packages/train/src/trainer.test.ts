import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toFloat32 } from "@llmnist/safetensors";
import { readSafetensorsFile } from "@llmnist/safetensors/node";
import { beforeAll, describe, expect, it } from "vitest";
import { NonFiniteLossError } from "./errors.js";
import { evaluateClassifier } from "./evaluate.js";
import { LinearModel, crossEntropy, syntheticSplit } from "./fixtures.test-helpers.js";
import { loadCheckpoint } from "./checkpoint-files.js";
import "./engine/node-host.js";
import { trainClassifier } from "./trainer.js";
import type { StepInfo } from "./engine/options.js";
import type { TrainableModel } from "./types.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const train = syntheticSplit("train", 200, 1);
const test = syntheticSplit("test", 100, 2);

describe("trainClassifier", () => {
  it("trains a linear softmax model to high accuracy and writes its files", async () => {
    const model = new LinearModel(3);
    const before = evaluateClassifier(model, test);
    const outDir = mkdtempSync(join(tmpdir(), "llmnist-train-"));
    const steps: StepInfo[] = [];
    const result = await trainClassifier({
      model,
      loss: crossEntropy,
      train,
      test,
      epochs: 3,
      batchSize: 16,
      seed: 5,
      peakLr: 0.02,
      warmupEpochs: 1,
      outDir,
      onStep: (s) => steps.push(s),
    });
    expect(before.accuracy).toBeLessThan(40);
    expect(result.finalAccuracy).toBeGreaterThanOrEqual(95);
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(result.epochs.every((e) => e.steps === 13)).toBe(true); // ceil(200 / 16)
    expect(result.epochs[2]!.train_loss).toBeLessThan(result.epochs[0]!.train_loss);
    expect(result.bestAccuracy).toBe(Math.max(...result.epochs.map((e) => e.test_accuracy)));
    expect(result.resumedFrom).toBeUndefined();
    // Steps: 13 per epoch, the last batch of each epoch has 200 - 12 * 16 = 8 images.
    expect(steps).toHaveLength(39);
    expect(steps[12]).toMatchObject({ epoch: 1, step: 13, batchSize: 8, globalStep: 13, totalSteps: 39 });
    // Schedule: warm-up over 13 iterations from 0.02 * 1e-3, then cosine.
    expect(steps[0]!.lr).toBeCloseTo(2e-5, 12);
    expect(steps[12]!.lr).toBeCloseTo(0.02, 12);
    expect(steps[13]!.lr).toBeCloseTo(0.02, 12);
    expect(steps[38]!.lr).toBeCloseTo((0.02 * (1 + Math.cos((Math.PI * 25) / 26))) / 2, 12);
    expect(result.epochs[2]!.lr).toBe(steps[38]!.lr);
    // metrics.jsonl: one line per epoch, the same numbers.
    const lines = readFileSync(join(outDir, "metrics.jsonl"), "utf8").trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual(result.epochs);
    // best.safetensors holds the model parameters under their names.
    const best = await readSafetensorsFile(join(outDir, "best.safetensors"));
    expect([...best.tensors.keys()].sort()).toEqual(["linear.bias", "linear.weight"]);
    expect(best.tensors.get("linear.weight")!.shape).toEqual([784, 10]);
    expect(best.metadata.epoch).toBe(String(result.bestEpoch));
    // The epoch-end checkpoint: params + moments + state.
    const ckpt = await loadCheckpoint(join(outDir, "checkpoint.safetensors"));
    expect([...ckpt.tensors.keys()].sort()).toEqual([
      "adamw.m.linear.bias",
      "adamw.m.linear.weight",
      "adamw.v.linear.bias",
      "adamw.v.linear.weight",
      "linear.bias",
      "linear.weight",
    ]);
    expect(ckpt.state).toMatchObject({ epoch: 3, step: 0, globalStep: 39, optimizerStep: 39, seed: 5 });
    expect(ckpt.state.history).toEqual(result.epochs);
    expect(Array.from(ckpt.tensors.get("linear.bias")!.data)).toEqual(Array.from(model.b.dataSync()));
    model.dispose();
  });

  it("leaks no tensors: the count is stable across steps and back to the start after training", async () => {
    const model = new LinearModel(4);
    const start = tf.memory().numTensors;
    const counts: number[] = [];
    await trainClassifier({
      model,
      loss: crossEntropy,
      train,
      test,
      epochs: 2,
      batchSize: 32,
      seed: 1,
      onStep: () => counts.push(tf.memory().numTensors),
    });
    // After the first step AdamW holds its moments (2 per parameter); nothing else grows.
    expect(counts.length).toBe(14);
    expect(new Set(counts)).toEqual(new Set([start + 4]));
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });

  it("stops on a non-finite loss, naming epoch, step and value, without applying it", async () => {
    const base = new LinearModel(6);
    let calls = 0;
    // Fine for 6 training steps, then NaN logits.
    const model: TrainableModel = {
      forward: (images, training) => {
        const logits = base.forward(images);
        if (training && ++calls > 6) return tf.mul(logits, NaN) as tf.Tensor2D;
        return logits;
      },
      namedParameters: () => base.namedParameters(),
    };
    const outDir = mkdtempSync(join(tmpdir(), "llmnist-nan-"));
    let snapshotAtFailure: Record<string, number[]> | undefined;
    const err = await trainClassifier({
      model,
      loss: crossEntropy,
      train,
      test,
      epochs: 1,
      batchSize: 32,
      seed: 1,
      outDir,
      checkpointEverySteps: 4,
      onStep: (s) => {
        if (s.step === 6) snapshotAtFailure = base.snapshot();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteLossError);
    const e = err as NonFiniteLossError;
    expect([e.epoch, e.step, e.value]).toEqual([1, 7, NaN]);
    expect(e.message).toMatch(/non-finite loss NaN at epoch 1 step 7/);
    expect(e.message).toContain(join(outDir, "checkpoint.safetensors"));
    expect(base.snapshot()).toEqual(snapshotAtFailure); // the NaN step changed nothing
    const ckpt = await loadCheckpoint(join(outDir, "checkpoint.safetensors"));
    expect([ckpt.state.epoch, ckpt.state.step]).toEqual([0, 4]);
    base.dispose();
  });

  it("says when there is no checkpoint to resume from", async () => {
    const base = new LinearModel(6);
    const model: TrainableModel = {
      forward: (images) => tf.mul(base.forward(images), Infinity) as tf.Tensor2D,
      namedParameters: () => base.namedParameters(),
    };
    await expect(
      trainClassifier({ model, loss: crossEntropy, train, test, epochs: 1, batchSize: 32, seed: 1 }),
    ).rejects.toThrow(/non-finite loss NaN at epoch 1 step 1; no checkpoint was written yet/);
    base.dispose();
  });

  it("rejects bad options with clear messages", async () => {
    const model = new LinearModel(1);
    const base = { model, loss: crossEntropy, train, test, epochs: 1, batchSize: 32, seed: 1 };
    await expect(trainClassifier({ ...base, batchSize: 0 })).rejects.toThrow(/batchSize must be a positive integer, got 0/);
    await expect(trainClassifier({ ...base, epochs: 1.5 })).rejects.toThrow(/epochs/);
    await expect(
      trainClassifier({ ...base, train: { ...train, labels: train.labels.subarray(0, 10) } }),
    ).rejects.toThrow(/train split "train": labels has 10 entries, expected count = 200/);
    await expect(
      trainClassifier({ ...base, model: { forward: model.forward.bind(model), namedParameters: () => [["adamw.x", model.w]] } }),
    ).rejects.toThrow(/reserved for optimizer state/);
    expect(existsSync("metrics.jsonl")).toBe(false);
    model.dispose();
  });
});

describe("evaluateClassifier", () => {
  it("counts correct predictions, per class and in the confusion matrix", () => {
    // A model that predicts class (label + shift) % 10 from hard-coded logits: label i
    // lights rows 2i, 2i+1; predicted = argmax of row sums, shifted for classes 0 and 1.
    const split = syntheticSplit("eval", 30, 9);
    const model: TrainableModel = {
      forward: (images) =>
        tf.tidy(() => {
          const rows = tf.sum(tf.reshape(images, [images.shape[0], 14, 56]), 2); // [B, 14] pairs of rows
          const tenRows = tf.slice(rows, [0, 0], [-1, 10]); // [B, 10]
          // Swap the logits of classes 0 and 1: those are always misread as each other.
          const swapped = tf.concat([tf.slice(tenRows, [0, 1], [-1, 1]), tf.slice(tenRows, [0, 0], [-1, 1]), tf.slice(tenRows, [0, 2], [-1, 8])], 1);
          return swapped as tf.Tensor2D;
        }),
      namedParameters: () => [],
    };
    const ev = evaluateClassifier(model, split, { batchSize: 7 });
    const n = (c: number): number => Array.from(split.labels).filter((y) => y === c).length;
    expect(ev.total).toBe(30);
    expect(ev.correct).toBe(30 - n(0) - n(1));
    expect(ev.accuracy).toBeCloseTo((100 * (30 - n(0) - n(1))) / 30, 10);
    expect(ev.confusion[0]![1]).toBe(n(0));
    expect(ev.confusion[1]![0]).toBe(n(1));
    expect(ev.confusion[5]![5]).toBe(n(5));
    expect(ev.perClass[0]).toBe(0);
    expect(ev.perClass[5]).toBe(100);
    expect(ev.confusion.flat().reduce((a, b) => a + b, 0)).toBe(30);
    expect(() => evaluateClassifier(model, split, { classes: 12, batchSize: 7 })).toThrow(/logits of shape \[7,10\], expected \[7, 12\]/);
  });
});
