import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { cpoLoss } from "./cpo.js";
import { cpoMarginLoss, type CpoMarginOptions } from "./cpo-margin.js";
import { int, leakedTensors, lossGradient } from "./loss-gradient.test-helpers.js";
import { bestWrongClass, expectCloseArrays, meanOverRows, numericGradient, sigmoid, softplus } from "./test-helpers.js";

const LOGITS = [[2, 1, 0.5], [0, 3, 3]];
const LABELS = [0, 2];
// By hand: y_l = [1, 1]; m = z_y - z_{y_l} = [2 - 1, 3 - 3] = [1, 0]. With margin 1 (beta 1):
// loss = [softplus(-(1 - 1)), softplus(-(0 - 1))] = [log 2, softplus(1)] = [0.693147, 1.313262]; mean 1.003204

/** The formula in float64; y_l is the best-scoring wrong class (lowest index among ties), fixed. */
function reference(x: number[][], labels: number[], beta = 1, margin = 1): number {
  return meanOverRows(x, labels, (row, y) => {
    const yl = bestWrongClass(row, y);
    return softplus(-beta * (row[y]! - row[yl]! - margin));
  });
}

const gradOf = (logits: number[][], labels: number[], options: CpoMarginOptions = {}): number[][] =>
  lossGradient(cpoMarginLoss, logits, labels, options);

describe("cpoMarginLoss", () => {
  it("matches the hand-computed loss: mean(log 2, softplus(1)) = 1.003204", () => {
    const loss = cpoMarginLoss(tf.tensor2d(LOGITS), int(LABELS));
    expect(loss.shape).toEqual([]);
    expect(loss.dataSync()[0]).toBeCloseTo(1.003204, 6);
  });

  it("reduction none gives per-sample losses [B]; beta and margin as in the formula", () => {
    const loss = cpoMarginLoss(tf.tensor2d(LOGITS), int(LABELS), { beta: 2, margin: 0.5, reduction: "none" });
    expect(loss.shape).toEqual([2]);
    // softplus(-2 * (1 - 0.5)) = softplus(-1) = 0.313262; softplus(-2 * (0 - 0.5)) = softplus(1) = 1.313262
    expectCloseArrays(loss.arraySync(), [0.313262, 1.313262], 6);
  });

  it("margin 0 is cpoLoss exactly", () => {
    const x = tf.tensor2d(LOGITS);
    const y = int(LABELS);
    expect(cpoMarginLoss(x, y, { margin: 0, beta: 1.5 }).dataSync()[0]).toBe(cpoLoss(x, y, { beta: 1.5 }).dataSync()[0]);
  });

  it("gradient by hand: -/+ beta * sigmoid(-beta * (m - margin)) / B on y and y_l, exactly 0 elsewhere", () => {
    // row 0: sigmoid(-(1 - 1)) = 0.5; row 1: sigmoid(-(0 - 1)) = sigmoid(1) = 0.731059
    const c = sigmoid(1);
    expectCloseArrays([c], [0.731059], 6);
    const g = gradOf(LOGITS, LABELS);
    expectCloseArrays(g, [[-0.25, 0.25, 0], [0, c / 2, -c / 2]], 7);
    expect(g[0]?.[2] === 0 && g[1]?.[0] === 0).toBe(true);
    expectCloseArrays(gradOf(LOGITS, LABELS, { reduction: "none" }), [[-0.5, 0.5, 0], [0, c, -c]], 7);
  });

  it("gradient equals float64 finite differences (beta 1.7, margin 0.8)", () => {
    const logits = [[0.3, -1.2, 2.5, 0.7, 2.4], [-0.5, 0.1, 0.2, 4, -3]];
    const labels = [4, 1];
    const want = numericGradient((x) => reference(x, labels, 1.7, 0.8), logits);
    expectCloseArrays(gradOf(logits, labels, { beta: 1.7, margin: 0.8 }), want, 5);
  });

  it("ignores -inf logits of classes that are neither chosen nor rejected; stable for huge margins", () => {
    expect(cpoMarginLoss(tf.tensor2d([[3, 1, -Infinity]]), int([0])).dataSync()[0]).toBeCloseTo(softplus(-1), 6);
    expectCloseArrays(gradOf([[3, 1, -Infinity]], [0]), [[-sigmoid(-1), sigmoid(-1), 0]], 7);
    const huge = cpoMarginLoss(tf.tensor2d([[1000, -1000], [1000, -1000]]), int([0, 1]), { reduction: "none" });
    expectCloseArrays(huge.arraySync(), [0, 2001], 3);
  });

  it("leaks no tensors", () => {
    expect(leakedTensors(cpoMarginLoss, LOGITS, LABELS)).toBe(0);
  });

  it("validates inputs and options, naming the function and the field", () => {
    const logits = tf.tensor2d(LOGITS);
    const labels = int(LABELS);
    expect(() => cpoMarginLoss(logits, tf.tensor2d([[0, 1]], [1, 2], "int32") as unknown as tf.Tensor1D)).toThrow(
      "cpoMarginLoss: labels must be rank 1 [batch], got rank 2 (shape [1,2])",
    );
    expect(() => cpoMarginLoss(logits, labels, { beta: -1 })).toThrow("cpoMarginLoss: beta must be a finite number > 0, got -1");
    for (const margin of [-1, NaN, Infinity]) {
      expect(() => cpoMarginLoss(logits, labels, { margin })).toThrow(`cpoMarginLoss: margin must be a finite number >= 0, got ${margin}`);
    }
    expect(() => cpoMarginLoss(logits, labels, { reduction: "sum" as "mean" })).toThrow(
      'cpoMarginLoss: reduction must be "mean" or "none", got "sum"',
    );
  });
});
