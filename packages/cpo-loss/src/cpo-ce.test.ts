import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { cpoCeLoss, type CpoCeOptions } from "./cpo-ce.js";
import { crossEntropy } from "./cross-entropy.js";
import { int, leakedTensors, lossGradient } from "./loss-gradient.test-helpers.js";
import { bestWrongClass, expectCloseArrays, logSoftmax, logSumExp, meanOverRows, numericGradient, sigmoid, softmax, softplus } from "./test-helpers.js";

const LOGITS = [[2, 1, 0.5], [0, 3, 3]];
const LABELS = [0, 2];
// By hand (beta 1, lambda 1):
// row 0: y = 0, y_l = 1. ce = log(e^2 + e^1 + e^0.5) - 2 = 0.464369; cpo = softplus(-(2 - 1)) = 0.313262 -> 0.777631
// row 1: y = 2, y_l = 1 (z = 3, the best wrong class). ce = log(1 + 2e^3) - 3 = 0.717736;
//        cpo = softplus(-(3 - 3)) = log 2 = 0.693147 -> 1.410883
const CE = [logSumExp([2, 1, 0.5]) - 2, logSumExp([0, 3, 3]) - 3];
const CPO = [0.313262, Math.LN2];

/** The formula in float64; y_l is the best-scoring wrong class (lowest index among ties), fixed. */
function reference(x: number[][], labels: number[], beta = 1, lambda = 1): number {
  return meanOverRows(x, labels, (row, y) => {
    const yl = bestWrongClass(row, y);
    return -logSoftmax(row)[y]! + lambda * softplus(-beta * (row[y]! - row[yl]!));
  });
}

const gradOf = (logits: number[][], labels: number[], options: CpoCeOptions = {}): number[][] =>
  lossGradient(cpoCeLoss, logits, labels, options);

describe("cpoCeLoss", () => {
  it("matches the hand-computed loss: mean(0.777631, 1.410883) = 1.094257", () => {
    const loss = cpoCeLoss(tf.tensor2d(LOGITS), int(LABELS));
    expect(loss.shape).toEqual([]);
    expect(loss.dataSync()[0]).toBeCloseTo(1.094257, 6);
  });

  it("uses lambda and beta: ce + lambda * softplus(-beta * margin), per sample with reduction none", () => {
    const loss = cpoCeLoss(tf.tensor2d(LOGITS), int(LABELS), { lambda: 0.5, beta: 2, reduction: "none" });
    expect(loss.shape).toEqual([2]);
    // margins [1, 0]: cpo with beta 2 = [softplus(-2), softplus(0)] = [0.126928, 0.693147]
    expectCloseArrays(loss.arraySync(), [CE[0]! + 0.5 * softplus(-2), CE[1]! + 0.5 * softplus(0)], 6);
    expectCloseArrays(cpoCeLoss(tf.tensor2d(LOGITS), int(LABELS), { reduction: "none" }).arraySync(), [CE[0]! + CPO[0]!, CE[1]! + CPO[1]!], 6);
  });

  it("gradient by hand: softmax - onehot(y) + lambda * beta * sigmoid(-beta * m) * (onehot(y_l) - onehot(y)), / B", () => {
    // row 0: softmax = [0.628532, 0.231224, 0.140244]; m = 1, sigmoid(-1) = 0.268941
    //        -> [0.628532 - 1 - 0.268941, 0.231224 + 0.268941, 0.140244]
    // row 1: softmax = [0.024289, 0.487856, 0.487856]; m = 0, sigmoid(0) = 0.5
    //        -> [0.024289, 0.487856 + 0.5, 0.487856 - 1 - 0.5]
    const [s0, s1] = [softmax(LOGITS[0]!), softmax(LOGITS[1]!)];
    const c = sigmoid(-1);
    const want = [
      [s0[0]! - 1 - c, s0[1]! + c, s0[2]!],
      [s1[0]!, s1[1]! + 0.5, s1[2]! - 1 - 0.5],
    ];
    expectCloseArrays(want, [[-0.640409, 0.500165, 0.140244], [0.024289, 0.987856, -1.012144]], 5);
    expectCloseArrays(gradOf(LOGITS, LABELS), want.map((row) => row.map((v) => v / 2)), 6);
    expectCloseArrays(gradOf(LOGITS, LABELS, { reduction: "none" }), want, 6);
  });

  it("gradient equals float64 finite differences (beta 1.7, lambda 0.3)", () => {
    const logits = [[0.3, -1.2, 2.5, 0.7, 2.4], [-0.5, 0.1, 0.2, 4, -3]];
    const labels = [4, 1];
    const want = numericGradient((x) => reference(x, labels, 1.7, 0.3), logits);
    expectCloseArrays(gradOf(logits, labels, { beta: 1.7, lambda: 0.3 }), want, 5);
  });

  it("lambda 0 is cross-entropy exactly, also with a -inf logit", () => {
    for (const logits of [LOGITS, [[3, 1, -Infinity], [0, 3, 3]]]) {
      const x = tf.tensor2d(logits);
      const y = int(LABELS);
      expect(cpoCeLoss(x, y, { lambda: 0 }).dataSync()[0]).toBe(crossEntropy(x, y).dataSync()[0]);
      const ceGrad = tf.grad((t: tf.Tensor) => crossEntropy(t as tf.Tensor2D, y))(x).arraySync();
      expect(tf.grad((t: tf.Tensor) => cpoCeLoss(t as tf.Tensor2D, y, { lambda: 0 }))(x).arraySync()).toEqual(ceGrad);
    }
    // A -inf label logit: infinitely wrong, not 0 * inf = NaN.
    expect(cpoCeLoss(tf.tensor2d([[-Infinity, 1, 2]]), int([0]), { lambda: 0 }).dataSync()[0]).toBe(Infinity);
  });

  it("a -inf logit of another class gets exactly 0 gradient", () => {
    // ce = log(e^3 + e^1) - 3 = softplus(-2); cpo = softplus(-(3 - 1)) -> 2 * softplus(-2)
    expect(cpoCeLoss(tf.tensor2d([[3, 1, -Infinity]]), int([0])).dataSync()[0]).toBeCloseTo(2 * softplus(-2), 6);
    const g = gradOf([[3, 1, -Infinity]], [0]);
    const p1 = sigmoid(-2); // softmax: [1 - p1, p1, 0]
    expectCloseArrays(g, [[1 - p1 - 1 - sigmoid(-2), p1 + sigmoid(-2), 0]], 6);
    expect(g[0]?.[2] === 0).toBe(true);
  });

  it("leaks no tensors", () => {
    expect(leakedTensors(cpoCeLoss, LOGITS, LABELS)).toBe(0);
  });

  it("validates inputs and options, naming the function and the field", () => {
    const logits = tf.tensor2d(LOGITS);
    const labels = int(LABELS);
    expect(() => cpoCeLoss(logits, tf.tensor1d([0, 1]))).toThrow(/cpoCeLoss: labels must be int32 class indices .*got float32/);
    expect(() => cpoCeLoss(logits, int([0, 1, 2]))).toThrow("cpoCeLoss: labels must have batch 2 like logits [2,3], got 3");
    expect(() => cpoCeLoss(logits, labels, { beta: 0 })).toThrow("cpoCeLoss: beta must be a finite number > 0, got 0");
    for (const lambda of [-0.5, NaN, Infinity]) {
      expect(() => cpoCeLoss(logits, labels, { lambda })).toThrow(`cpoCeLoss: lambda must be a finite number >= 0, got ${lambda}`);
    }
    expect(() => cpoCeLoss(logits, labels, { lambda: "1" as unknown as number })).toThrow("cpoCeLoss: lambda must be a finite number >= 0, got 1");
    expect(() => cpoCeLoss(logits, labels, { reduction: "sum" as "mean" })).toThrow('cpoCeLoss: reduction must be "mean" or "none", got "sum"');
  });
});
