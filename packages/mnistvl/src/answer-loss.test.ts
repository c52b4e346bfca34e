import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { answerCrossEntropy } from "./answer-loss.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("answerCrossEntropy", () => {
  it("is the mean of log-sum-exp minus the target logit (hand-computed)", () => {
    // Row 1: log(e^1 + e^2 + e^3) - 3 = 0.40760596; row 2: log(3 e^0) - 0 = 1.09861229.
    const loss = answerCrossEntropy(tf.tensor2d([[1, 2, 3], [0, 0, 0]]), [2, 1]).dataSync()[0]!;
    expect(loss).toBeCloseTo((0.40760596 + 1.09861229) / 2, 6);
  });

  it("counts zero-logit classes exactly as if they were computed", () => {
    const active = [[2.5, -1, 14], [0.3, 0.2, 0.1]];
    const zeros = 151_900;
    const withZeros = answerCrossEntropy(tf.tensor2d(active), [2, 0], zeros).dataSync()[0]!;
    // The full softmax over the active logits followed by `zeros` literal zeros.
    const full = tf.concat([tf.tensor2d(active), tf.zeros([2, zeros])], 1);
    const reference = tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([2, 0], "int32"), 3 + zeros), full).dataSync()[0]!;
    expect(withZeros).toBeCloseTo(reference, 4);
    // Large logits stay finite (stable log-sum-exp).
    expect(Number.isFinite(answerCrossEntropy(tf.tensor2d([[500, -500]]), [1], 10).dataSync()[0]!)).toBe(true);
  });

  it("rejects targets outside the logits", () => {
    expect(() => answerCrossEntropy(tf.tensor2d([[1, 2]]), [2])).toThrow(/targets must lie in \[0, 2\)/);
  });
});
