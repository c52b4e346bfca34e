import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { klDivergence, relationDistillation } from "@llmnist/distill";
import type { TrainBatch } from "@llmnist/train";
import { beforeAll, describe, expect, it } from "vitest";
import { answerCrossEntropy } from "./answer-loss.js";
import { buildDistillStage, loadScratchModel } from "./distill-stage.js";
import { checkPairing, mnistvlDistillParts } from "./distill-task.js";
import type { MnistVLSpec } from "./mnistvl-checkpoint.js";
import { saveMnistVL } from "./mnistvl-file.js";
import { teacherForcedLogits } from "./mnistvl-model.js";
import type { MnistVLPreset } from "./presets.js";
import { prepareScratchModel } from "./scratch-model.js";
import { loadQwenTokenizer } from "./tokenizer.js";
import { syntheticSplit } from "./synthetic-split.test-helpers.js";
import { MNIST_QUESTION } from "./vision-prompt.js";

const tokenizer = await loadQwenTokenizer();
const lm = { vocabSize: 151936, intermediateSize: 32, numHiddenLayers: 1, numAttentionHeads: 2, numKeyValueHeads: 1, headDim: 8, rmsNormEps: 1e-6, ropeTheta: 1e6, tieWordEmbeddings: true, maxPositionEmbeddings: 128 };
const teacherSpec: MnistVLSpec = { lm: { ...lm, hiddenSize: 16, numHiddenLayers: 2 }, projector: { kind: "flat", imageTokens: 2, hiddenSize: 24 }, question: MNIST_QUESTION };
const studentSpec: MnistVLSpec = { lm: { ...lm, hiddenSize: 8, headDim: 4 }, projector: { kind: "flat", imageTokens: 2, hiddenSize: 12 }, question: MNIST_QUESTION };
const training = { epochs: 1, batchSize: 4, peakLr: 1e-2, warmupSteps: 1, weightDecay: 0, seed: 5, augment: null };
const presetOf = (spec: MnistVLSpec, seed: number): MnistVLPreset => ({ name: "test", description: "", mode: "scratch", spec, training: { ...training, seed } });

const trainSplit = syntheticSplit(8, 0);
const testSplit = syntheticSplit(4, 3);
const batch: TrainBatch = { indices: Uint32Array.from([3, 0, 5]), epoch: 0, step: 0, globalStep: 0, offset: 0, batchSize: 3 };

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function models() {
  const teacher = prepareScratchModel(presetOf(teacherSpec, 1), tokenizer);
  const student = prepareScratchModel(presetOf(studentSpec, 2), tokenizer);
  return { teacher: { vl: teacher.vl, head: teacher.vocab }, student: { vl: student.vl, head: student.vocab }, studentParams: student.params, teacherParams: teacher.params };
}

describe("mnistvlDistillParts", () => {
  it("the loss is the weighted sum of the answer loss, MDist and RDist, each reported as a metric", () => {
    const { teacher, student, studentParams } = models();
    const weights = { answer: 1, res: 0.5, vis: 2, rel: 3 };
    const parts = mnistvlDistillParts({ student, teacher, params: studentParams, weights, train: trainSplit, test: testSplit, tokenizer, seed: 9, augment: null });
    const out = parts.loss(batch) as { loss: tf.Scalar; metrics: Record<string, tf.Scalar> };
    // The same terms from their definitions, on the same three images.
    const pixels = tf.tensor2d(Array.from(batch.indices, (i) => Array.from(trainSplit.images.subarray(i * 784, (i + 1) * 784))));
    const labels = Array.from(batch.indices, (i) => trainSplit.labels[i]!);
    const t = teacherForcedLogits(teacher.vl, teacher.head, pixels, labels, { visual: true });
    const s = teacherForcedLogits(student.vl, student.head, pixels, labels, { visual: true });
    const zeroLogits = student.head.zeroLogits;
    const ans = answerCrossEntropy(tf.reshape(s.response, [6, -1]), s.targets, zeroLogits).dataSync()[0]!;
    const res = klDivergence(t.response, s.response, { zeroLogits }).dataSync()[0]!;
    const vis = klDivergence(t.visual!, s.visual!, { zeroLogits }).dataSync()[0]!;
    const rel = relationDistillation(s.visual!, t.visual!).dataSync()[0]!;
    expect(out.metrics.ans!.dataSync()[0]).toBeCloseTo(ans, 5);
    expect(out.metrics.res!.dataSync()[0]).toBeCloseTo(res, 5);
    expect(out.metrics.vis!.dataSync()[0]).toBeCloseTo(vis, 5);
    expect(out.metrics.rel!.dataSync()[0]).toBeCloseTo(rel, 5);
    expect(out.loss.dataSync()[0]).toBeCloseTo(ans + 0.5 * res + 2 * vis + 3 * rel, 4);
    expect(Math.min(res, vis, rel)).toBeGreaterThan(0);
  });

  it("gradients reach the student's parameters only; the teacher's weights get none and do not change", () => {
    const { teacher, student, studentParams, teacherParams } = models();
    const parts = mnistvlDistillParts({ student, teacher, params: studentParams, weights: { answer: 0, res: 1, vis: 1, rel: 1 }, train: trainSplit, test: testSplit, tokenizer, seed: 9, augment: null });
    const everything = [...studentParams, ...teacherParams].map(([, v]) => v);
    const { grads } = tf.variableGrads(() => (parts.loss(batch) as { loss: tf.Scalar }).loss, everything);
    const norm = (name: string) => (grads[name] ? tf.norm(grads[name]!).dataSync()[0]! : 0);
    for (const [name, v] of studentParams) expect(norm(v.name), `student ${name}`).toBeGreaterThan(0);
    for (const [name, v] of teacherParams) expect(norm(v.name), `teacher ${name}`).toBe(0);
  });

  it("refuses a teacher with another image-token count or question before training", () => {
    const { student } = models();
    const other = prepareScratchModel(presetOf({ ...teacherSpec, projector: { kind: "flat", imageTokens: 3, hiddenSize: 8 } }, 1), tokenizer);
    expect(() => checkPairing(student, { vl: other.vl, head: other.vocab })).toThrow(/3 image tokens, the student has 2; visual positions would not line up/);
    const asked = prepareScratchModel(presetOf({ ...teacherSpec, question: "Which digit?" }, 1), tokenizer);
    expect(() => checkPairing(student, { vl: asked.vl, head: asked.vocab })).toThrow(/its prompt differs from the student's/);
    expect(() =>
      mnistvlDistillParts({ student, teacher: student, params: [], weights: { answer: 1, res: -1, vis: 0, rel: 0 }, train: trainSplit, test: testSplit, tokenizer, seed: 1, augment: null }),
    ).toThrow(/weights.res must be a finite number >= 0, got -1/);
  });

  it("a DPT stage trains the projector only; a saved teacher loads back as a scratch model", async () => {
    const dir = mkdtempSync(join(tmpdir(), "distill-stage-"));
    const teacher = prepareScratchModel(presetOf(teacherSpec, 1), tokenizer);
    teacher.vocab.writeInto(teacher.vl.lm);
    const teacherPath = join(dir, "teacher.safetensors");
    await saveMnistVL(teacherPath, teacher.vl, teacherSpec, teacher.vocab);
    const loaded = await loadScratchModel(teacherPath, tokenizer, "teacher");
    expect(loaded.head.ids).toEqual(teacher.vocab.ids);
    const common = { studentPreset: presetOf(studentSpec, 2), studentStart: null, teacherPath, temperature: 1, seed: 1, augment: null, exampleMap: Uint32Array.from([7, 6, 5, 4]), train: trainSplit, test: testSplit };
    const dpt = await buildDistillStage({ ...common, stage: "dpt", weights: { answer: 1, res: 1, vis: 1, rel: 1 } }, tokenizer);
    expect(dpt.parts.parameters.map(([name]) => name).every((name) => name.startsWith("multi_modal_projector."))).toBe(true);
    expect(dpt.parts.parameters.length).toBe(4);
    const dft = await buildDistillStage({ ...common, stage: "dft", weights: { answer: 1, res: 1, vis: 1, rel: 1 } }, tokenizer);
    expect(dft.parts.parameters.length).toBeGreaterThan(4);
    // exampleMap: the stage's example 0 is training image 7.
    const viaMap = (dft.parts.loss({ ...batch, indices: Uint32Array.from([0]), batchSize: 1 }) as { metrics: Record<string, tf.Scalar> }).metrics.ans!.dataSync()[0]!;
    const direct = mnistvlDistillParts({ student: dft.student, teacher: dft.teacher!, params: dft.parts.parameters, weights: { answer: 1, res: 1, vis: 1, rel: 1 }, train: trainSplit, test: testSplit, tokenizer, seed: 1, augment: null });
    const atSeven = (direct.loss({ ...batch, indices: Uint32Array.from([7]), batchSize: 1 }) as { metrics: Record<string, tf.Scalar> }).metrics.ans!.dataSync()[0]!;
    expect(viaMap).toBeCloseTo(atSeven, 6);
  });
});
