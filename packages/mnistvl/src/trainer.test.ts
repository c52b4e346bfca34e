import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import type { MnistSplit } from "@llmnist/mnist-data";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DISTORTION } from "./augment.js";
import { loadMnistVL, saveMnistVL, type MnistVLSpec } from "./mnistvl-checkpoint.js";
import type { MnistVLPreset } from "./presets.js";
import { prepareScratchModel } from "./run-scratch.js";
import { loadQwenTokenizer } from "./tokenizer.js";
import { trainMnistVL } from "./trainer.js";
import { MNIST_QUESTION } from "./vision-prompt.js";

const tokenizer = await loadQwenTokenizer();
const spec: MnistVLSpec = {
  lm: { vocabSize: 151936, hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 1, numAttentionHeads: 2, numKeyValueHeads: 1, headDim: 8, rmsNormEps: 1e-6, ropeTheta: 1e6, tieWordEmbeddings: true, maxPositionEmbeddings: 128 },
  projector: { kind: "flat", imageTokens: 2, hiddenSize: 16 },
  question: MNIST_QUESTION,
};
const training = { epochs: 2, batchSize: 4, peakLr: 1e-2, warmupSteps: 2, weightDecay: 0.01, seed: 3, augment: DEFAULT_DISTORTION };
const preset: MnistVLPreset = { name: "test", description: "", mode: "scratch", spec, training };

// 12 synthetic "images": 3 steps per epoch at batch 4.
const train: MnistSplit = {
  name: "synthetic",
  count: 12,
  images: Float32Array.from({ length: 12 * 784 }, (_, i) => ((i * 7919) % 101) / 100),
  labels: Uint8Array.from({ length: 12 }, (_, i) => i % 10),
};

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function snapshot(params: Array<[string, tf.Variable]>): number[][] {
  return params.map(([, v]) => Array.from(v.dataSync()));
}

describe("trainMnistVL", () => {
  it("resumes from its checkpoint to exactly the weights of an uninterrupted run", async () => {
    const straight = prepareScratchModel(preset, tokenizer);
    await trainMnistVL({ vl: straight.vl, head: straight.vocab, params: straight.params, train, ...training });
    const want = snapshot(straight.params);

    const dir = mkdtempSync(join(tmpdir(), "vl-train-"));
    const checkpointPath = join(dir, "checkpoint.safetensors");
    const first = prepareScratchModel(preset, tokenizer);
    const partial = await trainMnistVL({ vl: first.vl, head: first.vocab, params: first.params, train, ...training, checkpointPath, checkpointEverySteps: 1, maxSteps: 4 });
    expect(partial.globalStep).toBe(4);
    const second = prepareScratchModel(preset, tokenizer); // fresh weights, overwritten by the checkpoint
    const done = await trainMnistVL({ vl: second.vl, head: second.vocab, params: second.params, train, ...training, checkpointPath });
    expect(done.globalStep).toBe(6);
    const got = snapshot(second.params);
    got.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 6)));
    // Training moved the weights (the comparison is not between two untouched models).
    const init = snapshot(prepareScratchModel(preset, tokenizer).params);
    expect(init[0]!.some((v, j) => Math.abs(v - want[0]![j]!) > 1e-4)).toBe(true);
  });

  it("a saved model loads back with the same answers (active rows expanded, other rows zero)", async () => {
    const m = prepareScratchModel(preset, tokenizer);
    await trainMnistVL({ vl: m.vl, head: m.vocab, params: m.params, train, ...training });
    m.vocab.writeInto(m.vl.lm);
    const path = join(mkdtempSync(join(tmpdir(), "vl-save-")), "model.safetensors");
    await saveMnistVL(path, m.vl, spec, m.vocab);
    const { vl } = await loadMnistVL(path, tokenizer);
    const pixels = tf.tensor2d(train.images.subarray(0, 3 * 784), [3, 784]);
    expect(vl.answerIds(pixels)).toEqual(m.vl.answerIds(pixels));
    const table = vl.lm.model.embedTokens.weight;
    expect(tf.sum(tf.abs(tf.gather(table, [100, 5000, 150000]))).dataSync()[0]).toBe(0);
    expect(tf.sum(tf.abs(tf.gather(table, [vl.prompt.digitIds[3]!]))).dataSync()[0]).toBeGreaterThan(0);
  });
});
