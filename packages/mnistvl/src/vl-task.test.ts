import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { train, TrainingAbortedError, type TrainOptions } from "@llmnist/train";
import { resolveModuleUrl } from "@llmnist/train/internal";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DISTORTION } from "./augment.js";
import { evaluateMnistVL } from "./evaluate.js";
import type { MnistVLSpec } from "./mnistvl-checkpoint.js";
import { loadMnistVL, saveMnistVL } from "./mnistvl-file.js";
import type { MnistVLPreset } from "./presets.js";
import { prepareScratchModel } from "./scratch-model.js";
import { fullVocabularyHead } from "./text-head.js";
import { loadQwenTokenizer } from "./tokenizer.js";
import { syntheticSplit } from "./synthetic-split.test-helpers.js";
import { MNIST_QUESTION } from "./vision-prompt.js";
import { answerAccuracy, mnistvlTaskParts } from "./vl-task.js";

const tokenizer = await loadQwenTokenizer();
const spec: MnistVLSpec = {
  lm: { vocabSize: 151936, hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 1, numAttentionHeads: 2, numKeyValueHeads: 1, headDim: 8, rmsNormEps: 1e-6, ropeTheta: 1e6, tieWordEmbeddings: true, maxPositionEmbeddings: 128 },
  projector: { kind: "flat", imageTokens: 2, hiddenSize: 16 },
  question: MNIST_QUESTION,
};
const training = { epochs: 2, batchSize: 4, peakLr: 1e-2, warmupSteps: 2, weightDecay: 0.01, seed: 3, augment: DEFAULT_DISTORTION };
const preset: MnistVLPreset = { name: "test", description: "", mode: "scratch", spec, training };

// 14 synthetic "images": 3 steps per epoch at batch 4 with dropLast (2 left over).
const trainSplit = syntheticSplit(14, 0);
const testSplit = syntheticSplit(6, 3);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function snapshot(params: Array<[string, tf.Variable]>): number[][] {
  return params.map(([, v]) => Array.from(v.dataSync()));
}

function run(m: ReturnType<typeof prepareScratchModel>, extra: Partial<TrainOptions> = {}) {
  const parts = mnistvlTaskParts({ vl: m.vl, head: m.vocab, params: m.params, train: trainSplit, test: testSplit, tokenizer, seed: training.seed, augment: training.augment });
  return train({
    ...parts,
    examples: trainSplit.count,
    evaluate: async (infer) => answerAccuracy(await infer(new Uint32Array(testSplit.count).map((_, k) => k)), testSplit),
    best: { metric: "test_accuracy" },
    epochs: training.epochs,
    batchSize: training.batchSize,
    seed: training.seed,
    peakLr: training.peakLr,
    warmupSteps: training.warmupSteps,
    weightDecay: training.weightDecay,
    dropLast: true,
    threads: 1,
    ...extra,
  });
}

describe("MnistVL trained by the engine", () => {
  it("an aborted run resumes from its checkpoint to exactly the weights of an uninterrupted one", async () => {
    const straight = prepareScratchModel(preset, tokenizer);
    const full = await run(straight);
    expect(full.history.map((h) => h.steps)).toEqual([3, 3]);
    expect(full.history[1]!.test_accuracy).toBeGreaterThanOrEqual(0);
    const want = snapshot(straight.params);

    const outDir = mkdtempSync(join(tmpdir(), "vl-train-"));
    // Aborted (as Ctrl-C does in vl-train) after 4 steps: a checkpoint is written first.
    const controller = new AbortController();
    await expect(run(prepareScratchModel(preset, tokenizer), { outDir, signal: controller.signal, onStep: (s) => s.globalStep === 4 && controller.abort() })).rejects.toBeInstanceOf(TrainingAbortedError);
    const second = prepareScratchModel(preset, tokenizer); // fresh weights, overwritten by the checkpoint
    const done = await run(second, { outDir, resume: true });
    expect(done.completed).toBe(true);
    expect(done.resumedFrom).toEqual({ epoch: 1, step: 1 });
    expect(snapshot(second.params)).toEqual(want);
    // Training moved the weights (the comparison is not between two untouched models).
    const init = snapshot(prepareScratchModel(preset, tokenizer).params);
    expect(init[0]!.some((v, j) => Math.abs(v - want[0]![j]!) > 1e-4)).toBe(true);
  }, 60_000);

  it("infer answers as evaluateMnistVL does, and a saved model loads back with the same answers", async () => {
    const m = prepareScratchModel(preset, tokenizer);
    await run(m);
    // Active rows far from the LM's copy of them (six tiny steps barely move them).
    m.vocab.table.assign(tf.mul(tf.randomNormal(m.vocab.table.shape, 0, 1, "float32", 11), 3));
    // Right after training, before the active rows are written into the LM: infer must answer
    // with the trained rows, as the saved model will.
    const parts = mnistvlTaskParts({ vl: m.vl, head: m.vocab, params: m.params, train: trainSplit, test: testSplit, tokenizer, seed: 0, augment: null });
    const answers = parts.infer!(new Uint32Array(testSplit.count).map((_, k) => k));
    // It answered with the trained rows: the LM's embedding holds them now.
    const table = m.vl.lm.model.embedTokens.weight;
    const used = tf.gather(table, Array.from(m.vocab.ids));
    expect(Array.from(used.dataSync())).toEqual(Array.from(m.vocab.table.dataSync()));
    m.vocab.writeInto(m.vl.lm);
    const path = join(mkdtempSync(join(tmpdir(), "vl-save-")), "model.safetensors");
    await saveMnistVL(path, m.vl, spec, m.vocab);
    const { vl } = await loadMnistVL(path, tokenizer);
    const reference = evaluateMnistVL(vl, tokenizer, testSplit);
    const loaded = mnistvlTaskParts({ vl, head: fullVocabularyHead(vl.lm), params: [], train: trainSplit, test: testSplit, tokenizer, seed: 0, augment: null });
    expect(Array.from(answers)).toEqual(Array.from(loaded.infer!(new Uint32Array(testSplit.count).map((_, k) => k))));
    expect(answerAccuracy(answers, testSplit).test_accuracy).toBeCloseTo(reference.accuracy, 10);
    expect(answerAccuracy(answers, testSplit).test_unparsed).toBe(reference.unparsed);
    const pixels = tf.tensor2d(trainSplit.images.subarray(0, 3 * 784), [3, 784]);
    expect(vl.answerIds(pixels)).toEqual(m.vl.answerIds(pixels));
  }, 60_000);

  it("data-parallel on two threads follows the one-thread losses (per-example distortion seeds)", async () => {
    const losses = async (threads: number): Promise<number[]> => {
      const out: number[] = [];
      await run(prepareScratchModel(preset, tokenizer), {
        threads,
        replica: { module: resolveModuleUrl("@llmnist/mnistvl/node", import.meta.url), exportName: "mnistvlScratchReplica", args: [preset, trainSplit, testSplit] },
        onStep: (s) => out.push(s.loss),
      });
      return out;
    };
    const one = await losses(1);
    const two = await losses(2);
    expect(two).toHaveLength(one.length);
    two.forEach((l, i) => expect(Math.abs(l - one[i]!), `step ${i}`).toBeLessThan(1e-4 * Math.max(1, one[i]!)));
  }, 120_000);
});
