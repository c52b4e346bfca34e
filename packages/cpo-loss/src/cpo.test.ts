import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { cpoLoss } from "./cpo.js";
import { int, leakedTensors, lossGradient } from "./loss-gradient.test-helpers.js";
import { expectCloseArrays, logSoftmax, negLogSigmoid, sigmoid } from "./test-helpers.js";

const LOGITS = [[2, 1, 0.5], [0, 3, 3]];
const LABELS = [0, 2];
// By hand: y_l = [1, 1]; margins = logits[y] - logits[y_l] = [2 - 1, 3 - 3] = [1, 0].
const MARGINS = [1, 0];

const gradOf = (logits: number[][], labels: number[], beta?: number, reduction?: "mean" | "none"): number[][] =>
  lossGradient(cpoLoss, logits, labels, { beta, reduction });

describe("cpoLoss", () => {
  it.each([1, 2])("matches the hand-computed loss for beta %s", (beta) => {
    const loss = cpoLoss(tf.tensor2d(LOGITS), int(LABELS), { beta });
    expect(loss.shape).toEqual([]);
    const want = (negLogSigmoid(beta * 1) + negLogSigmoid(beta * 0)) / 2;
    expect(loss.dataSync()[0]).toBeCloseTo(want, 6);
  });

  it("defaults to beta 1: mean(log(1 + e^-1), log 2)", () => {
    const loss = cpoLoss(tf.tensor2d(LOGITS), int(LABELS)).dataSync()[0];
    expect(loss).toBeCloseTo((Math.log(1 + Math.exp(-1)) + Math.LN2) / 2, 6);
  });

  it("equals the log-softmax formula of the paper", () => {
    const logits = [[0.3, -1.2, 2.5, 0.7, 2.4], [-0.5, 0.1, 0.2, 4, -3]];
    const labels = [4, 1];
    const beta = 1.7;
    const want =
      logits
        .map((row, i) => {
          const logp = logSoftmax(row);
          const y = labels[i] ?? 0;
          const yl = logp.reduce((best, v, c) => (c !== y && v > (logp[best] ?? -Infinity) ? c : best), y === 0 ? 1 : 0);
          return negLogSigmoid(beta * ((logp[y] ?? 0) - (logp[yl] ?? 0)));
        })
        .reduce((a, b) => a + b) / 2;
    expect(cpoLoss(tf.tensor2d(logits), int(labels), { beta }).dataSync()[0]).toBeCloseTo(want, 5);
  });

  it("reduction none gives per-sample losses [B]", () => {
    const loss = cpoLoss(tf.tensor2d(LOGITS), int(LABELS), { beta: 2, reduction: "none" });
    expect(loss.shape).toEqual([2]);
    expectCloseArrays(loss.arraySync(), MARGINS.map((m) => negLogSigmoid(2 * m)));
  });

  it.each([1, 2])("gradient (beta %s): -/+ beta*sigmoid(-beta*margin)/B on y and y_l, exactly 0 elsewhere", (beta) => {
    const g = gradOf(LOGITS, LABELS, beta);
    const c0 = (beta * sigmoid(-beta * 1)) / 2;
    const c1 = (beta * sigmoid(-beta * 0)) / 2;
    expectCloseArrays(g, [[-c0, c0, 0], [0, c1, -c1]], 7);
    expect(g[0]?.[2] === 0).toBe(true); // exactly zero, not merely small
    expect(g[1]?.[0] === 0).toBe(true);
  });

  it("gradient with reduction none is not divided by B", () => {
    const g = gradOf(LOGITS, LABELS, 1, "none");
    const c0 = sigmoid(-1);
    expectCloseArrays(g, [[-c0, c0, 0], [0, 0.5, -0.5]], 7);
  });

  it("only two logits per row get a gradient, even with many classes", () => {
    const logits = [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]];
    const g = gradOf(logits, [3])[0] ?? [];
    const nonZero = g.map((v, i) => [i, v] as const).filter(([, v]) => v !== 0);
    expect(nonZero.map(([i]) => i)).toEqual([3, 9]); // label 3, rejected 9 (largest wrong logit)
    const c = sigmoid(-(0.4 - 1.0));
    expect(nonZero[0]?.[1]).toBeCloseTo(-c, 6);
    expect(nonZero[1]?.[1]).toBeCloseTo(c, 6);
  });

  it("is numerically stable for huge margins", () => {
    const loss = cpoLoss(tf.tensor2d([[1000, -1000], [1000, -1000]]), int([0, 1]), { reduction: "none" });
    expectCloseArrays(loss.arraySync(), [0, 2000], 3);
    const g = gradOf([[1000, -1000]], [1]);
    expectCloseArrays(g, [[1, -1]], 6);
  });

  it("ignores -inf logits of classes that are neither chosen nor rejected", () => {
    const loss = cpoLoss(tf.tensor2d([[3, 1, -Infinity]]), int([0]));
    expect(loss.dataSync()[0]).toBeCloseTo(negLogSigmoid(2), 6);
    const g = gradOf([[3, 1, -Infinity]], [0]);
    expectCloseArrays(g, [[-sigmoid(-2), sigmoid(-2), 0]], 7);
  });

  it("trains: tf.variableGrads + SGD lowers the loss", () => {
    const logits = tf.variable(tf.tensor2d([[0, 1, 2], [2, 0, 1]]));
    const labels = int([0, 1]);
    const step = () => {
      const { value, grads } = tf.variableGrads(() => cpoLoss(logits as tf.Tensor as tf.Tensor2D, labels) as tf.Scalar);
      logits.assign(tf.sub(logits, tf.mul(grads[logits.name] as tf.Tensor, 1)));
      return value.dataSync()[0] ?? NaN;
    };
    const first = step();
    let last = first;
    for (let i = 0; i < 20; i++) last = step();
    expect(last).toBeLessThan(first / 2);
  });

  it("leaks no tensors", () => {
    expect(leakedTensors(cpoLoss, LOGITS, LABELS)).toBe(0);
  });

  it("validates inputs and options", () => {
    const logits = tf.tensor2d(LOGITS);
    const labels = int(LABELS);
    expect(() => cpoLoss(tf.tensor1d([1, 2]) as unknown as tf.Tensor2D, labels)).toThrow(
      "cpoLoss: logits must be rank 2 [batch, classes], got rank 1 (shape [2])",
    );
    expect(() => cpoLoss(logits, tf.tensor2d([[0, 1]], [1, 2], "int32") as unknown as tf.Tensor1D)).toThrow(
      "cpoLoss: labels must be rank 1 [batch], got rank 2 (shape [1,2])",
    );
    expect(() => cpoLoss(logits, int([0, 1, 2]))).toThrow("cpoLoss: labels must have batch 2 like logits [2,3], got 3");
    expect(() => cpoLoss(logits, tf.tensor1d([0, 1]))).toThrow(/cpoLoss: labels must be int32 class indices .*got float32/);
    expect(() => cpoLoss(logits, int([0, 3]))).toThrow("cpoLoss: labels[1] = 3 is outside [0, 3)");
    expect(() => cpoLoss(logits, int([0, -1]))).toThrow("cpoLoss: labels[1] = -1 is outside [0, 3)");
    expect(() => cpoLoss(tf.tensor2d([[1], [2]]), labels)).toThrow("cpoLoss: expected at least 2 classes, got logits shape [2,1]");
    for (const beta of [0, -1, NaN, Infinity]) {
      expect(() => cpoLoss(logits, labels, { beta })).toThrow(`cpoLoss: beta must be a finite number > 0, got ${beta}`);
    }
    expect(() => cpoLoss(logits, labels, { reduction: "sum" as "mean" })).toThrow(
      'cpoLoss: reduction must be "mean" or "none", got "sum"',
    );
  });
});
