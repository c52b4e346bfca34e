import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { cpoLoss } from "./cpo.js";
import { cpoAllLoss, type CpoAllOptions } from "./cpo-all.js";
import { int, leakedTensors, lossGradient } from "./loss-gradient.test-helpers.js";
import { expectCloseArrays, meanOverRows, numericGradient, sigmoid, softmax, softplus } from "./test-helpers.js";

const LOGITS = [[2, 1, 0.5], [0, 3, 3]];
const LABELS = [0, 2];
// By hand (beta 1, weightTemperature 1), w = softmax over the wrong classes, m = z_y - z_k:
// row 0: y = 0; wrong k = 1, 2 with z = 1, 0.5: w = [e^1, e^0.5] / (e^1 + e^0.5) = [sigmoid(0.5), sigmoid(-0.5)]
//        = [0.622459, 0.377541]; m = [1, 1.5]; softplus(-m) = [0.313262, 0.201413]
//        loss_0 = 0.622459 * 0.313262 + 0.377541 * 0.201413 = 0.271034
// row 1: y = 2; wrong k = 0, 1 with z = 0, 3: w = [sigmoid(-3), sigmoid(3)] = [0.047426, 0.952574];
//        m = [3, 0]; softplus(-m) = [0.048587, log 2]; loss_1 = 0.047426 * 0.048587 + 0.952574 * 0.693147 = 0.662578
const W0 = [sigmoid(0.5), sigmoid(-0.5)];
const W1 = [sigmoid(-3), sigmoid(3)];
const PER_SAMPLE = [W0[0]! * softplus(-1) + W0[1]! * softplus(-1.5), W1[0]! * softplus(-3) + W1[1]! * softplus(0)];

/** The formula in float64, the weights computed from `weightsFrom` (fixed: stop-gradient). */
function reference(x: number[][], labels: number[], beta = 1, temperature = 1, weightsFrom = x): number {
  return meanOverRows(x, labels, (row, y, i) => {
    const wrong = row.map((_, k) => k).filter((k) => k !== y);
    const w = softmax(wrong.map((k) => weightsFrom[i]![k]! / temperature));
    return wrong.reduce((sum, k, j) => sum + w[j]! * softplus(-beta * (row[y]! - row[k]!)), 0);
  });
}

const gradOf = (logits: number[][], labels: number[], options: CpoAllOptions = {}): number[][] =>
  lossGradient(cpoAllLoss, logits, labels, options);

describe("cpoAllLoss", () => {
  it("matches the hand-computed loss: mean(0.271034, 0.662578) = 0.466806", () => {
    const loss = cpoAllLoss(tf.tensor2d(LOGITS), int(LABELS));
    expect(loss.shape).toEqual([]);
    expect(loss.dataSync()[0]).toBeCloseTo(0.466806, 6);
    expect(loss.dataSync()[0]).toBeCloseTo((PER_SAMPLE[0]! + PER_SAMPLE[1]!) / 2, 6);
  });

  it("reduction none gives the per-sample losses [B]", () => {
    const loss = cpoAllLoss(tf.tensor2d(LOGITS), int(LABELS), { reduction: "none" });
    expect(loss.shape).toEqual([2]);
    expectCloseArrays(loss.arraySync(), [0.271034, 0.662578], 6);
  });

  it("gradient by hand: beta * w_k * sigmoid(-m_k) on each wrong class, minus their sum on the label, / B", () => {
    // row 0: g = [0.622459 * sigmoid(-1), 0.377541 * sigmoid(-1.5)] = [0.167405, 0.068873]; label: -0.236278
    // row 1: g = [0.047426 * sigmoid(-3), 0.952574 * sigmoid(0)] = [0.002249, 0.476287]; label: -0.478536
    const want = [
      [-0.236278, 0.167405, 0.068873],
      [0.002249, 0.476287, -0.478536],
    ].map((row) => row.map((v) => v / 2));
    expectCloseArrays(gradOf(LOGITS, LABELS), want, 6);
    // reduction none: not divided by B
    expectCloseArrays(gradOf(LOGITS, LABELS, { reduction: "none" }), want.map((row) => row.map((v) => v * 2)), 6);
  });

  it("gradient equals float64 finite differences with the weights held fixed (beta 1.7, temperature 0.6)", () => {
    const logits = [[0.3, -1.2, 2.5, 0.7, 2.4], [-0.5, 0.1, 0.2, 4, -3], [1, 1, 1, 1, 1]];
    const labels = [4, 1, 2];
    const [beta, temperature] = [1.7, 0.6];
    const fixedWeights = numericGradient((x) => reference(x, labels, beta, temperature, logits), logits);
    expectCloseArrays(gradOf(logits, labels, { beta, weightTemperature: temperature }), fixedWeights, 5);
    // The check can tell: letting the gradient flow through the weights gives another answer.
    const throughWeights = numericGradient((x) => reference(x, labels, beta, temperature), logits);
    expect(Math.max(...throughWeights.flat().map((v, i) => Math.abs(v - fixedWeights.flat()[i]!)))).toBeGreaterThan(1e-2);
  });

  it("uses beta and weightTemperature like the float64 formula", () => {
    for (const [beta, temperature] of [[2, 1], [1, 3], [0.5, 0.25]] as const) {
      const got = cpoAllLoss(tf.tensor2d(LOGITS), int(LABELS), { beta, weightTemperature: temperature }).dataSync()[0];
      expect(got).toBeCloseTo(reference(LOGITS, LABELS, beta, temperature), 6);
    }
  });

  it("a low temperature approaches cpoLoss (hardest wrong class only), a high one the plain mean", () => {
    const logits = [[2, 1, 0.5, -1], [0.2, 3, 2.5, 1]];
    const labels = [0, 3];
    const cpo = cpoLoss(tf.tensor2d(logits), int(labels)).dataSync()[0]!;
    expect(cpoAllLoss(tf.tensor2d(logits), int(labels), { weightTemperature: 0.01 }).dataSync()[0]).toBeCloseTo(cpo, 5);
    // margins z_y - z_k: row 0 (y = 0) [1, 1.5, 3]; row 1 (y = 3, z_y = 1) [0.8, -2, -1.5]
    const uniform = ((softplus(-1) + softplus(-1.5) + softplus(-3)) / 3 + (softplus(-0.8) + softplus(2) + softplus(1.5)) / 3) / 2;
    expect(cpoAllLoss(tf.tensor2d(logits), int(labels), { weightTemperature: 1e6 }).dataSync()[0]).toBeCloseTo(uniform, 5);
  });

  it("a -inf wrong logit adds exactly 0 and gets exactly 0 gradient (no 0 * inf = NaN)", () => {
    // w = [_, 1, 0]: only class 1 counts, so the loss is CPO's softplus(-(3 - 1)).
    const loss = cpoAllLoss(tf.tensor2d([[3, 1, -Infinity]]), int([0]));
    expect(loss.dataSync()[0]).toBeCloseTo(softplus(-2), 6);
    const g = gradOf([[3, 1, -Infinity]], [0]);
    expectCloseArrays(g, [[-sigmoid(-2), sigmoid(-2), 0]], 7);
    expect(g[0]?.[2] === 0).toBe(true);
    // Every wrong class -inf: nothing to reject, loss and gradient 0 (not 0 / 0).
    expect(cpoAllLoss(tf.tensor2d([[3, -Infinity, -Infinity]]), int([0])).dataSync()[0]).toBe(0);
    expect(gradOf([[3, -Infinity, -Infinity]], [0])[0]?.map(Math.abs)).toEqual([0, 0, 0]); // the label's may be -0
    // A -inf label logit is infinitely wrong (Infinity, not NaN), also next to another -inf class.
    expect(cpoAllLoss(tf.tensor2d([[-Infinity, 1, -Infinity]]), int([0])).dataSync()[0]).toBe(Infinity);
  });

  it("a NaN logit shows in the loss instead of hiding", () => {
    expect(cpoAllLoss(tf.tensor2d([[1, NaN, 0]]), int([0])).dataSync()[0]).toBeNaN();
    expect(cpoAllLoss(tf.tensor2d([[NaN, 1, 0]]), int([0])).dataSync()[0]).toBeNaN();
  });

  it("is numerically stable for huge margins", () => {
    const loss = cpoAllLoss(tf.tensor2d([[1000, -1000], [1000, -1000]]), int([0, 1]), { reduction: "none" });
    expectCloseArrays(loss.arraySync(), [0, 2000], 3);
    expectCloseArrays(gradOf([[1000, -1000]], [1]), [[1, -1]], 6);
  });

  it("leaks no tensors", () => {
    expect(leakedTensors(cpoAllLoss, LOGITS, LABELS)).toBe(0);
  });

  it("validates inputs and options, naming the function and the field", () => {
    const logits = tf.tensor2d(LOGITS);
    const labels = int(LABELS);
    expect(() => cpoAllLoss(tf.tensor1d([1, 2]) as unknown as tf.Tensor2D, labels)).toThrow(
      "cpoAllLoss: logits must be rank 2 [batch, classes], got rank 1 (shape [2])",
    );
    expect(() => cpoAllLoss(logits, int([0, 3]))).toThrow("cpoAllLoss: labels[1] = 3 is outside [0, 3)");
    expect(() => cpoAllLoss(tf.tensor2d([[1], [2]]), labels)).toThrow("cpoAllLoss: expected at least 2 classes, got logits shape [2,1]");
    for (const beta of [0, -1, NaN, Infinity]) {
      expect(() => cpoAllLoss(logits, labels, { beta })).toThrow(`cpoAllLoss: beta must be a finite number > 0, got ${beta}`);
    }
    for (const weightTemperature of [0, -2, NaN, Infinity]) {
      expect(() => cpoAllLoss(logits, labels, { weightTemperature })).toThrow(
        `cpoAllLoss: weightTemperature must be a finite number > 0, got ${weightTemperature}`,
      );
    }
    expect(() => cpoAllLoss(logits, labels, { reduction: "sum" as "mean" })).toThrow(
      'cpoAllLoss: reduction must be "mean" or "none", got "sum"',
    );
  });
});
